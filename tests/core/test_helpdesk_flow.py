"""*Talk to a person* in the pure core, and the helpdesk's opening hours."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.content.model import Content
from bot.core import callbacks
from bot.core.conversation import advance
from bot.core.events import Command, Incoming, Press, Text
from bot.core.helpdesk_flow import connected
from bot.core.replies import Outcome
from bot.core.state import UserState
from bot.helpdesk import OpeningHours
from tests.conftest import CONTENT_DIR

TALK = callbacks.encode("talk")


def labels_and_data(outcome: Outcome) -> list[str]:
    return [b.data for r in outcome.replies for row in r.buttons for b in row]


@pytest.mark.parametrize(("helpdesk", "offered"), [(True, True), (False, False)])
def test_talk_to_a_person_is_offered_only_when_a_helpdesk_is_configured(
    content: Content, helpdesk: bool, offered: bool
) -> None:
    outcome = advance(
        None, Incoming(Press(callbacks.encode("help")), "en", helpdesk=helpdesk), content
    )
    assert (TALK in labels_and_data(outcome)) is offered


def test_consent_then_connection_asks_the_service_to_open_a_case(content: Content) -> None:
    consent = advance(None, Incoming(Press(TALK), "en", helpdesk=True), content)
    assert "only a case number" in consent.replies[0].text
    assert not consent.effects, "nothing is opened before the user agrees"
    yes = advance(
        consent.state, Incoming(Press(callbacks.encode("talk_yes")), "en", helpdesk=True), content
    )
    assert yes.effects == (("helpdesk_open",),)
    relayed = advance(
        yes.state, Incoming(Text("my brother Imran is in KK Park"), "en", helpdesk=True), content
    )
    assert relayed.effects == (("helpdesk_relay", "my brother Imran is in KK Park"),)
    assert not relayed.log and not relayed.replies, "relayed words never enter the question log"


def test_any_other_command_while_connected_ends_the_case(content: Content) -> None:
    state = UserState(language="en", screen="helpdesk")
    checked = advance(state, Incoming(Command("check"), "en", helpdesk=True), content)
    assert ("helpdesk_close",) in checked.effects
    ended = advance(state, Incoming(Command("end"), "en", helpdesk=True), content)
    assert ended.effects == (("helpdesk_close",),)
    assert "has ended" in ended.replies[0].text


def test_outside_opening_hours_the_automatic_answer_says_so(content: Content) -> None:
    lang = content.language("ur")
    closed = connected(lang, 12, open_now=False)
    opened = connected(lang, 12, open_now=True)
    assert lang.text("helpdesk", "closed_now") in closed.text
    assert lang.text("helpdesk", "closed_now") not in opened.text
    assert "12" in opened.text


@pytest.mark.parametrize(
    ("moment", "open_now"),
    [
        (datetime(2026, 12, 1, 5, 0, tzinfo=UTC), True),  # Tuesday 10:00 in Karachi
        (datetime(2026, 12, 1, 3, 59, tzinfo=UTC), False),  # 08:59 in Karachi
        (datetime(2026, 12, 1, 12, 0, tzinfo=UTC), False),  # 17:00 in Karachi: closed
        (datetime(2026, 12, 6, 6, 0, tzinfo=UTC), False),  # Sunday
    ],
)
def test_opening_hours_follow_content_in_the_helpdesks_time_zone(
    moment: datetime, open_now: bool
) -> None:
    assert OpeningHours.load(CONTENT_DIR).open_at(moment) is open_now
