"""Every screen of every flow, walked through the preview's own chat service (the agency desk,
subscriptions and the licence check included), has a way back to the main menu."""

from __future__ import annotations

import itertools
import re
from collections import deque
from typing import Any

import pytest

from bot.adapters.preview import RunningPreview
from bot.content.model import Content
from bot.core.conversation import USER_COMMANDS
from bot.core.events import Command, Event, Incoming, Press, Text
from bot.core.replies import Outcome, Reply
from tests.core.test_no_dead_ends import AD, CRY, buttons, shows_menu

TEXTS = (AD, CRY, "what is a protector stamp?", "2814/LHR", "hmm")
MAX_STEPS = 4000  # a bound, not a target: the walk ends when no new screen appears


class Walker:
    """Runs events from any saved state: each step is a fresh user whose state is a copy."""

    def __init__(self, preview: RunningPreview, hint: str) -> None:
        self.services = preview.services
        self.hint = hint
        self.ids = itertools.count(700_000)
        self.steps = 0

    async def step(self, state: dict[str, Any] | None, event: Event) -> tuple[Outcome, Any]:
        self.steps += 1
        user_id = next(self.ids)
        key = self.services.keys.user_key(user_id)
        if state is not None:
            await self.services.store.save_step(key, state, [])
        outcome = await self.services.chat.handle(user_id, Incoming(event, self.hint))
        return outcome, await self.services.store.load_state(key)


def _other_language(data: str, hint: str) -> bool:
    kind, _, code = data.partition(":")
    return kind in {"lang", "relang"} and code != hint


@pytest.mark.parametrize("hint", ["en", "ur"])
async def test_every_screen_in_the_preview_has_a_way_back_to_the_menu(
    preview: RunningPreview, content: Content, hint: str
) -> None:
    walker = Walker(preview, hint)
    seen: set[str] = set()
    screens: list[tuple[str, Any, Reply]] = []
    queue: deque[tuple[str, Any, Event]] = deque(("new", None, Command(c)) for c in USER_COMMANDS)
    while queue and walker.steps < MAX_STEPS:
        path, state, event = queue.popleft()
        outcome, after = await walker.step(state, event)
        last = len(outcome.replies) - 1
        for index, reply in enumerate(outcome.replies):
            if not reply.buttons and index != last:
                continue  # a notice right above the screen that has the buttons
            # The way back depends on the buttons, not the words: screens with the same
            # buttons (verdicts of different answers, a run number apart) are one screen.
            key = re.sub(r"\d+", "#", repr(buttons(reply)) if reply.buttons else reply.text)
            if key in seen:
                continue
            seen.add(key)
            where = f"{path} -> {event!r:.50}"
            screens.append((where, after, reply))
            queue.extend(
                (where, after, Press(data))
                for _label, data in buttons(reply)
                if not _other_language(data, hint)  # each language is walked on its own
            )
            if reply.buttons:
                queue.extend((where, after, Text(text)) for text in TEXTS)
    assert not queue, f"the walk stopped at {MAX_STEPS} steps with screens left to visit"
    licence = content.language(hint).translate("Check a licence")
    assert any(licence in b for _w, _s, r in screens for b, _d in buttons(r))
    assert len(screens) > 40, "the walk reaches the checklist, verdicts, help, FAQ and desk"

    dead_ends = []
    for where, state, reply in screens:
        if shows_menu(Outcome((reply,), None), content):
            continue
        for _label, data in buttons(reply):
            outcome, _ = await walker.step(state, Press(data))
            if shows_menu(outcome, content):
                break
        else:
            dead_ends.append(f"{reply.text[:70]!r} (reached by {where})")
    assert not dead_ends, "screens without a way back to the menu:\n" + "\n".join(dead_ends)
