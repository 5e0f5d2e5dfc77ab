"""An admin warns the people from one home country (issue 13): the screens, pure."""

from __future__ import annotations

import json

import pytest

from bot.content.model import Content
from bot.core import admin_flow
from bot.core.admin_draft import AdminView, Draft
from bot.core.broadcast_text import alert_bodies, compose_texts
from bot.core.events import Command, Event, Incoming, Press
from bot.core.home_country import country_name
from bot.core.replies import Outcome, Reply
from bot.core.state import UserState

ADMIN = frozenset({"admin"})
# (language, where they are now, home country): count. Two Bangladeshis read Bengali, one
# English; a Pakistani is in Thailand; some never said where they are from.
VIEW = AdminView(
    now=1_800_000_000.0,
    subscribers={
        ("bn", None, "BD"): 2,
        ("en", "thailand", "BD"): 1,
        ("en", None, "PK"): 3,
        ("ur", "thailand", "PK"): 4,
        ("en", None, None): 5,
    },
)


def step(state: UserState, event: Event, content: Content, language: str = "en") -> Outcome:
    incoming = Incoming(event, language, ADMIN)
    assert admin_flow.claims(incoming, state)
    return admin_flow.step(state, incoming, content.language(language), content, VIEW)


def walk(content: Content, *presses: str, language: str = "en") -> tuple[UserState, Outcome]:
    """``/broadcast``, a prepared alert, then ``presses``; the last state and outcome."""
    state = UserState(language=language)
    outcome = step(state, Command("broadcast"), content, language)
    for press in ("adm:tpl:visit_visas", *presses):
        assert outcome.state is not None
        state = outcome.state
        outcome = step(state, Press(press), content, language)
    assert outcome.state is not None
    return outcome.state, outcome


def labels(reply: Reply) -> list[str]:
    return [b.label for row in reply.buttons for b in row]


def test_the_audience_question_offers_the_people_from_one_country(content: Content) -> None:
    _state, outcome = walk(content)
    [who] = outcome.replies
    assert "Only people from one country" in labels(who)
    assert "Only one country" in labels(who), "where they are now stays a choice of its own"


@pytest.mark.parametrize("language", ["en", "ur", "bn"])
def test_each_pack_is_named_as_the_country_screen_names_it_with_its_count(
    content: Content, language: str
) -> None:
    _state, outcome = walk(content, "adm:aud:home", language=language)
    [screen] = outcome.replies
    lang = content.language(language)
    expected = {"BD": 3, "PK": 7}
    wanted = [
        f"{country_name(content, lang, code)} ({expected.get(code, 0)})"
        for code in content.countries
    ]
    assert labels(screen)[: len(wanted)] == wanted
    assert len(wanted) == len(content.countries) >= 7


def test_people_from_bangladesh_get_it_and_the_preview_shows_only_their_languages(
    content: Content,
) -> None:
    state, outcome = walk(content, "adm:aud:home", "adm:ah:BD")
    intro, *previews, summary = outcome.replies
    assert intro.text.startswith("Preview")
    texts = compose_texts(content, alert_bodies(content, content.alert("visit_visas")))
    assert [p.text for p in previews] == [
        texts[code] for code in content.languages if code in {"en", "bn"}
    ], "exactly the English and the Bengali text, no Urdu: only readers from Bangladesh"
    assert "Recipients: 3" in summary.text
    assert "Audience: subscribers from Bangladesh" in summary.text
    assert "Send to 3 subscribers" in labels(summary)

    sent = step(state, Press("adm:send"), content)
    [(name, raw)] = sent.effects
    draft = Draft.from_json(json.loads(raw))
    assert name == "broadcast_create" and draft is not None
    assert draft.audience == {"home_country": "BD"}


def test_the_summary_names_the_country_in_the_admins_language(content: Content) -> None:
    _state, outcome = walk(content, "adm:aud:home", "adm:ah:BD", language="bn")
    summary = outcome.replies[-1]
    lang = content.language("bn")
    bangladesh = country_name(content, lang, "BD")
    assert bangladesh == "বাংলাদেশ"
    assert lang.translate("subscribers from {country}", country=bangladesh) in summary.text


def test_a_home_country_nobody_is_from_gets_no_send_button(content: Content) -> None:
    state, outcome = walk(content, "adm:aud:home", "adm:ah:NP")
    summary = outcome.replies[-1]
    assert "Nobody would get this" in summary.text
    assert not any(b.data == "adm:send" for row in summary.buttons for b in row)
    assert step(state, Press("adm:send"), content).effects == ()


def test_a_country_without_a_pack_is_not_an_audience(content: Content) -> None:
    _state, outcome = walk(content, "adm:aud:home", "adm:ah:XX")
    assert "draft is closed" in outcome.replies[0].text
    assert not outcome.effects
