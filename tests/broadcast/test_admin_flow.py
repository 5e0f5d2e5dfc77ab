"""The admin flow, pure: who it answers, and buttons that fit Telegram's limits."""

from __future__ import annotations

import json

import pytest

from bot.content.model import Content
from bot.core import admin_flow
from bot.core.admin_draft import DRAFT_KEY, AdminView, BroadcastSummary, Draft, start_time
from bot.core.events import Command, Incoming, Press, Text
from bot.core.replies import Outcome
from bot.core.state import UserState

ADMIN = frozenset({"admin"})
VIEW = AdminView(
    now=1_800_000_000.0,
    subscribers={("en", None, None): 3, ("ur", "thailand", "PK"): 4, ("ps", "pakistan", "PK"): 2},
    active=(BroadcastSummary(7, "sending", 9, 4, 1_799_999_000.0),),
)


def step(state: UserState, event: object, content: Content) -> Outcome:
    incoming = Incoming(event, "en", ADMIN)  # type: ignore[arg-type]
    assert admin_flow.claims(incoming, state)
    return admin_flow.step(state, incoming, content.language("en"), content, VIEW)


@pytest.mark.parametrize(
    "event",
    [Command("broadcast"), Command("stats"), Command("broadcast_cancel"), Press("adm:send")],
)
def test_nothing_is_claimed_for_someone_who_is_not_an_admin(event: object) -> None:
    state = UserState(screen="admin_write")
    assert not admin_flow.claims(Incoming(event, "en", frozenset({"editor"})), state)  # type: ignore[arg-type]
    assert not admin_flow.claims(Incoming(Text("hi"), "en", frozenset()), state)


def test_an_admins_ordinary_text_goes_to_the_conversation() -> None:
    assert not admin_flow.claims(Incoming(Text("hi"), "en", ADMIN), UserState(screen="menu"))
    assert not admin_flow.claims(Incoming(Command("check"), "en", ADMIN), UserState())


def test_every_admin_button_fits_in_callback_data(content: Content) -> None:
    state = UserState(language="en")
    seen: list[str] = []
    outcome = step(state, Command("broadcast"), content)
    for press in ("adm:tpl:fake_call_centre_jobs", "adm:aud:cty", "adm:ac:thailand"):
        assert outcome.state is not None
        seen += [b.data for r in outcome.replies for row in r.buttons for b in row]
        outcome = step(outcome.state, Press(press), content)
    seen += [b.data for r in outcome.replies for row in r.buttons for b in row]
    assert "adm:send" in seen and all(len(d.encode()) <= 64 for d in seen)


def test_sending_is_an_effect_with_the_whole_draft(content: Content) -> None:
    state = UserState(language="en")
    for event in (Command("broadcast"), Press("adm:write"), Press("adm:wl:ur")):
        outcome = step(state, event, content)
        assert outcome.state is not None
        state = outcome.state
    assert state.screen == "admin_write"
    state = step(state, Text("خبردار <b>"), content).state  # type: ignore[assignment]
    for press in ("adm:next", "adm:aud:lang", "adm:al:ur", "adm:spread", "adm:quiet"):
        state = step(state, Press(press), content).state  # type: ignore[assignment]
    outcome = step(state, Press("adm:send"), content)
    [(name, raw)] = outcome.effects
    draft = Draft.from_json(json.loads(raw))
    assert name == "broadcast_create" and draft is not None
    assert draft.bodies == {"ur": "خبردار &lt;b&gt;"}
    assert (draft.audience, draft.spread, draft.quiet) == ({"language": "ur"}, 2, True)
    assert outcome.state is not None and DRAFT_KEY not in outcome.state.extra


def test_no_recipients_no_send_button(content: Content) -> None:
    state = UserState(language="en")
    for event in (Command("broadcast"), Press("adm:tpl:visit_visas"), Press("adm:aud:cty")):
        state = step(state, event, content).state  # type: ignore[assignment]
    outcome = step(state, Press("adm:ac:oman"), content)
    summary = outcome.replies[-1]
    assert "Nobody would get this" in summary.text
    assert not any(b.data == "adm:send" for row in summary.buttons for b in row)
    assert step(outcome.state, Press("adm:send"), content).effects == ()  # type: ignore[arg-type]


def test_cancel_by_number_or_from_the_list(content: Content) -> None:
    state = UserState(language="en")
    assert step(state, Command("broadcast_cancel", "#7"), content).effects == (
        ("broadcast_cancel", "7"),
    )
    listing = step(state, Command("broadcast_cancel"), content).replies[0]
    assert "#7: 4 of 9 done" in listing.text
    assert step(state, Press("adm:stop:7"), content).effects == (("broadcast_cancel", "7"),)


def test_a_button_of_a_closed_draft_says_so(content: Content) -> None:
    outcome = step(UserState(language="en"), Press("adm:quiet"), content)
    assert "draft is closed" in outcome.replies[0].text


def test_tomorrow_morning_is_nine_in_pakistan() -> None:
    evening = 1_800_000_000.0  # 2027-01-15 08:00 UTC = 13:00 in Pakistan
    morning = start_time("morning", evening)
    assert (morning - evening) / 3600 == 20  # 09:00 the next day, Pakistan time
