"""No dead ends: every screen leads back to the menu, and typed text mid-flow is answered."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import replace

import pytest

from bot.content.model import Content
from bot.core import callbacks, screens
from bot.core.conversation import USER_COMMANDS, advance
from bot.core.events import Command, Event, Incoming, Press, Text
from bot.core.replies import Outcome, Reply
from bot.core.state import UserState
from bot.understanding.destinations import countries_named, load_place_countries
from bot.understanding.pipeline import Understanding
from tests.conftest import CONTENT_DIR

AD = (
    "Urgent! Call centre job in Bangkok, salary 1500 USD per month, travel on visit visa, "
    "processing fee 2 lakh to be paid before departure. Contact us on WhatsApp only."
)
CRY = "help me my brother is trapped in Myanmar"


def typed(understanding: Understanding, text: str, hint: str | None = "en") -> Text:
    """A Text event as the conversation service hands it to the core."""
    analysis = understanding.analyze(text, hint)
    named = countries_named(analysis.scan.places, load_place_countries(CONTENT_DIR))
    return Text(text, analysis=analysis, destinations=named)


def step(state: UserState | None, event: Event, content: Content, hint: str = "en") -> Outcome:
    """One step, with the state round-tripped through JSON as the store does."""
    outcome = advance(state, Incoming(event, hint, helpdesk=True), content)
    if outcome.state is not None:
        outcome = Outcome(
            outcome.replies,
            UserState.from_json(outcome.state.to_json()),
            outcome.toast,
            outcome.effects,
            outcome.log,
        )
    return outcome


def buttons(reply: Reply) -> list[tuple[str, str]]:
    return [(b.label, b.data) for row in reply.buttons for b in row]


def shows_menu(outcome: Outcome, content: Content) -> bool:
    """The outcome shows the main menu (its buttons, in whatever language it speaks), maybe
    under one row of its own (the first visit's home-country question)."""
    menus = {tuple(buttons_of(screens.menu_buttons(lang))) for lang in content.languages.values()}
    return any(
        any(tuple(buttons(r))[-len(menu) :] == menu for menu in menus) for r in outcome.replies
    )


def buttons_of(rows: tuple) -> list[tuple[str, str]]:
    return [(b.label, b.data) for row in rows for b in row]


def walk(
    content: Content, understanding: Understanding
) -> list[tuple[str, UserState | None, Reply]]:
    """Every screen reachable from a new chat by commands, button presses and typed text."""
    texts = [typed(understanding, t) for t in (AD, CRY, "what is a protector stamp?", "hmm")]
    starts: list[Event] = [Command(name) for name in USER_COMMANDS]
    seen: set[str] = set()
    found: list[tuple[str, UserState | None, Reply]] = []
    queue: deque[tuple[str, UserState | None, Event]] = deque(("new", None, e) for e in starts)
    while queue:
        path, state, event = queue.popleft()
        outcome = step(state, event, content)
        # A message without buttons followed by one with buttons (an intro, a notice) is not a
        # screen of its own: the user sees the buttons right under it.
        last = len(outcome.replies) - 1
        shown = [r for i, r in enumerate(outcome.replies) if r.buttons or i == last]
        for reply in shown:
            # Screens differing only in numbers (run, progress, counts) are the same screen.
            key = re.sub(r"\d+", "#", f"{reply.text}{buttons(reply)}")
            if key in seen:
                continue
            seen.add(key)
            where = f"{path} -> {event!r:.60}"
            found.append((where, outcome.state, reply))
            for _label, data in buttons(reply):
                queue.append((where, outcome.state, Press(data)))
            if reply.buttons:
                queue.extend((where, outcome.state, text) for text in texts)
                queue.extend((where, outcome.state, Command(name)) for name in ("check", "help"))
    return found


def test_every_screen_the_core_shows_has_a_way_back_to_the_menu(
    content: Content, understanding: Understanding
) -> None:
    screens_seen = walk(content, understanding)
    assert len(screens_seen) > 40, "the walk should reach the checklist, verdicts, help and FAQ"
    dead_ends = []
    for where, state, reply in screens_seen:
        if shows_menu(Outcome((reply,), state), content):
            continue
        ways = [
            label
            for label, data in buttons(reply)
            if shows_menu(step(state, Press(data), content), content)
        ]
        if not ways:
            dead_ends.append(f"{reply.text[:70]!r} (reached by {where})")
    assert not dead_ends, "screens without a way back to the menu:\n" + "\n".join(dead_ends)


def start_checklist(content: Content, answers: int) -> UserState:
    outcome = step(None, Command("check"), content)
    for _ in range(answers):
        question = outcome.replies[-1]
        first_answer = buttons(question)[0][1]
        outcome = step(outcome.state, Press(first_answer), content)
    assert outcome.state is not None and outcome.state.checklist is not None
    return outcome.state


def test_an_ad_pasted_in_the_middle_of_the_checklist_is_scanned_with_a_way_back(
    content: Content, understanding: Understanding
) -> None:
    state = start_checklist(content, answers=2)
    outcome = step(state, typed(understanding, AD), content)
    (reply,) = outcome.replies
    assert "Red flags in this ad" in reply.text
    assert "“visit visa”" in reply.text
    assert ("Back to question 3", callbacks.encode("resume")) in buttons(reply)
    assert [r.kind for r in outcome.log] == ["scan"]
    back = step(outcome.state, Press(callbacks.encode("resume")), content)
    assert "Question 3 of" in back.replies[0].text
    assert back.state is not None and back.state.checklist is not None
    assert len(back.state.checklist.answers) == 2, "no answer was lost on the detour"


def test_a_cry_for_help_mid_checklist_gets_the_destinations_contacts_and_help_now(
    content: Content, understanding: Understanding
) -> None:
    pakistani = replace(start_checklist(content, answers=1), country="PK", country_chosen=True)
    outcome = step(pakistani, typed(understanding, CRY), content)
    (reply,) = outcome.replies
    lang = content.for_country("PK").language("en")
    assert lang.text("facts", "pak_embassy_yangon_crisis", "label") in reply.text
    assert content.facts["pak_embassy_yangon_crisis"].value.split()[0] in reply.text
    labels = [label for label, _ in buttons(reply)]
    assert "I need help now" in labels
    assert "Back to question 2" in labels
    # Someone of no known country is told of their own embassy, not Pakistan's numbers.
    outcome = step(start_checklist(content, answers=1), typed(understanding, CRY), content)
    (reply,) = outcome.replies
    assert content.language("en").text("help", "myanmar") in reply.text
    assert content.facts["pak_embassy_yangon_crisis"].value.split()[0] not in reply.text
    assert not reply.text.endswith("\n"), "a place with no contacts leaves no empty lines"
    assert "Back to question 2" in [label for label, _ in buttons(reply)]


def test_a_typed_word_that_is_no_question_still_asks_for_the_buttons(
    content: Content, understanding: Understanding
) -> None:
    state = start_checklist(content, answers=1)
    outcome = step(state, typed(understanding, "hmm"), content)
    assert "Please answer with the buttons" in outcome.replies[0].text
    assert "Question 2 of" in outcome.replies[1].text
    assert not outcome.log


@pytest.mark.parametrize("text", [AD, "how do i check that my agent is licensed?", CRY])
def test_switch_to_a_language_answers_the_same_message_again_in_it(
    content: Content, understanding: Understanding, text: str
) -> None:
    chose_urdu = step(None, Press(callbacks.encode("lang", "ur")), content).state
    english = step(chose_urdu, typed(understanding, text, hint="ur"), content)
    (answer,) = english.replies
    assert answer.direction == "rtl", "an explicit choice of Urdu is kept"
    switch = [d for label, d in buttons(answer) if d == callbacks.encode("relang", "en")]
    assert switch, f"no switch to English under {buttons(answer)}"
    again = step(english.state, Press(switch[0]), content)
    (reply,) = again.replies
    assert reply.replace and reply.direction == "ltr"
    assert not shows_menu(again, content), "the same message is answered, not the menu"
    assert again.state is not None and again.state.language == "en"
    expected_title = {
        AD: "Red flags in this ad",
        CRY: content.language("en").text("faq", "help_abroad", "title"),
    }.get(text, content.language("en").text("faq", "verify_recruiter", "title"))
    assert expected_title in reply.text
    assert not again.log, "answering again writes no second question-log row"


def test_help_lists_every_command_a_user_can_send(content: Content) -> None:
    for lang in content.languages.values():
        text = step(None, Command("help"), content, hint=lang.code).replies[0].text
        missing = [name for name in USER_COMMANDS if f"/{name}" not in text]
        assert not missing, f"/help in {lang.code} does not mention {missing}"
