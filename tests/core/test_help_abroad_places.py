"""A Pakistani in trouble in Laos, Vietnam, Malaysia or the Gulf finds whom to call.

The reference has no help line in those countries, so their pages give the Foreign Office's
Crisis Management Unit and its list of embassies, each with the date its source was read and
never called "checked" (no person has confirmed them).
"""

from __future__ import annotations

import pytest

from bot.content.model import Content
from bot.core.state import UserState
from bot.understanding.pipeline import Understanding
from tests.core.test_conversation import CoreUser, answer_all
from tests.core.test_no_dead_ends import step, typed

NEW_PLACES = ("laos", "vietnam", "malaysia", "uae", "saudi_arabia", "qatar")


def _pakistani(content: Content, lang: str) -> CoreUser:
    user = CoreUser(content, hint=lang)
    user.send("/country")
    user.press(content.countries["PK"].name(lang))
    return user


@pytest.mark.parametrize(
    ("destination", "places"),
    [("laos_vietnam", ("laos", "vietnam")), ("gulf", ("uae", "saudi_arabia", "qatar"))],
)
@pytest.mark.parametrize("lang", ["en", "ur", "ur-Latn", "ps"])
def test_after_the_checklist_help_now_lists_the_destination_chosen(
    content: Content, lang: str, destination: str, places: tuple[str, ...]
) -> None:
    user = _pakistani(content, lang)
    user.send("/check")
    answer_all(user, content, {"destination": destination}, lang=lang)
    view = content.for_country("PK").language(lang)
    user.press(view.translate("I need help now"))
    for place in places:
        assert view.text("help", "places", place) in user.labels(), place


@pytest.mark.parametrize("lang", ["en", "ur", "ur-Latn", "ps"])
@pytest.mark.parametrize("place", NEW_PLACES)
def test_each_new_place_gives_the_crisis_unit_and_the_embassy_list_unconfirmed(
    content: Content, lang: str, place: str
) -> None:
    user = _pakistani(content, lang)
    view = content.for_country("PK").language(lang)
    user.send("/start")
    user.press(view.translate("I need help now"))
    user.press(view.text("help", "places", place))
    page = user.text
    for value in ("051-9207887", "cmu1@mofa.gov.pk", "mofa.gov.pk"):
        assert value in page
    fact = content.for_country("PK").facts["mofa_cmu_phone"]
    read = view.translate("Source: {source}, source read on {date}", source="X", date="D")
    said_read = read.split("X")[1].split("D")[0]  # ", source read on " in the reader's words
    assert f"{said_read}{fact.checked.isoformat()}" in page, "a source read, not a call made"
    checked = view.translate("Source: {source}, checked {checked}", source="X", checked="D")
    assert checked.split("X")[1].split("D")[0] not in page, "nobody confirmed it: never 'checked'"
    assert view.translate("Other places") in user.labels(), "no dead end"


@pytest.mark.parametrize("place", ["thailand", "myanmar", "cambodia"])
def test_the_crisis_unit_is_on_the_mekong_pages_too(content: Content, place: str) -> None:
    places = content.for_country("PK").help_places
    assert {"mofa_cmu_phone", "mofa_cmu_email"} <= set(places[place])


def test_a_relative_trapped_in_dubai_gets_the_uae_contacts(
    content: Content, understanding: Understanding
) -> None:
    state = UserState(language="en", country="PK", country_chosen=True, screen="menu")
    outcome = step(state, typed(understanding, "help me my brother is trapped in Dubai"), content)
    text = "\n".join(r.text for r in outcome.replies)
    view = content.for_country("PK").language("en")
    assert view.text("help", "places", "uae") in text
    assert "051-9207887" in text


@pytest.mark.parametrize("lang", ["en", "ur", "ur-Latn", "ps"])
def test_the_home_country_page_walks_through_the_oep_licence_check(
    content: Content, lang: str
) -> None:
    user = _pakistani(content, lang)
    page = user.text
    view = content.for_country("PK").language(lang)
    assert view.translate("How to check a recruiter") in page
    steps = view.text("country", "check_recruiter")
    assert len(steps) == 5, "open the list, compare, status, Protector permission, call back"
    for number, step_text in enumerate(steps, 1):
        assert f"{number}. {step_text}" in page
    assert "www.beoe.gov.pk/list-of-oeps" in page and "2056/RWP" in page
