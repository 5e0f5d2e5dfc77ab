"""The Pakistan pack's guide pages: the Protector process, what a real work visa looks like, a
passport taken abroad, ransom calls to the family, and help after returning.

Each is reachable the way a person would find it (the home-country page, *I need help now*,
an FAQ answer, a verdict), shows where its facts and claims come from with the date the source
was read (nobody confirmed them, so never "checked"), and leads back to the menu.
"""

from __future__ import annotations

import pytest

from bot.content.model import Content, Language
from bot.core.replies import Button
from bot.core.state import UserState
from bot.understanding.pipeline import Understanding
from tests.core.test_conversation import CoreUser, answer_all
from tests.core.test_no_dead_ends import step, typed

LANGS = ("en", "ur", "ur-Latn", "ps")
GUIDES = ("protector", "work_visa", "passport_taken", "family_ransom", "returnee")
FOR_SOMEONE_ABROAD = ("passport_taken", "family_ransom", "returnee")


def _pakistani(content: Content, lang: str) -> CoreUser:
    user = CoreUser(content, hint=lang)
    user.send("/country")
    user.press(content.countries["PK"].name(lang))
    return user


def _view(content: Content, lang: str) -> Language:
    return content.for_country("PK").language(lang)


def _title(content: Content, lang: str, guide: str) -> str:
    return str(_view(content, lang).text("guides", guide, "title"))


def _between(lang: Language, message: str, **values: str) -> str:
    """The words a UI string puts between its placeholders ("X, source read on D" -> middle)."""
    filled = lang.translate(message, **{k: "\x00" for k in values})
    return filled.split("\x00")[1]


def _assert_sourced(content: Content, lang: str, guide_id: str, page: str) -> None:
    view = _view(content, lang)
    guide = content.for_country("PK").guide(guide_id)
    assert guide is not None
    read_words = _between(view, "Source: {source}, source read on {date}", source="", date="")
    for source in guide.sources:
        assert f"{read_words}{source.read.isoformat()}" in page, source.source
    for fid in guide.facts:
        assert content.for_country("PK").facts[fid].value in page, fid
    checked_words = _between(view, "Source: {source}, checked {checked}", source="", checked="")
    assert checked_words not in page, "nobody confirmed these first-hand: never 'checked'"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("guide", GUIDES)
def test_each_guide_opens_from_the_home_country_page_sourced_and_back_to_the_menu(
    content: Content, lang: str, guide: str
) -> None:
    user = _pakistani(content, lang)
    user.press(_title(content, lang, guide))
    page = user.text
    view = _view(content, lang)
    assert view.text("guides", guide, "body") in page
    _assert_sourced(content, lang, guide, page)
    user.press(view.translate("Main menu"))
    assert view.translate("Check a job offer") in user.labels()


@pytest.mark.parametrize("lang", LANGS)
def test_help_now_offers_the_guides_for_someone_abroad_or_back(content: Content, lang: str) -> None:
    user = _pakistani(content, lang)
    user.send("/start")
    view = _view(content, lang)
    user.press(view.translate("I need help now"))
    for guide in FOR_SOMEONE_ABROAD:
        assert _title(content, lang, guide) in user.labels(), guide
    user.press(_title(content, lang, "family_ransom"))
    assert "111-247-786" in user.text, "the FIA trafficking hotline, filled in from facts.yaml"
    user.press(view.translate("I need help now"))
    assert view.text("help", "places", "thailand") in user.labels(), "back to the places"


@pytest.mark.parametrize(
    ("topic", "guide"),
    [
        ("passport", "passport_taken"),
        ("help_abroad", "family_ransom"),
        ("returnees", "returnee"),
        ("work_visa", "work_visa"),
        ("contract", "protector"),
    ],
)
def test_the_faq_answer_leads_to_its_guide(content: Content, topic: str, guide: str) -> None:
    user = _pakistani(content, "en")
    view = _view(content, "en")
    user.press(view.translate("Ask a question"))
    user.press(view.text("faq", topic, "title"))
    user.press(_title(content, "en", guide))
    assert view.text("guides", guide, "body") in user.text


def test_a_verdict_with_a_visit_visa_offers_the_real_work_visa_guide(content: Content) -> None:
    user = _pakistani(content, "ur-Latn")
    user.send("/check")
    answer_all(user, content, {"visa": "visit_visa"}, lang="ur-Latn")
    assert _title(content, "ur-Latn", "work_visa") in user.labels()
    user.press(_title(content, "ur-Latn", "work_visa"))
    assert "WP.3" in user.text and "Thai embassy" in user.text


def test_a_typed_question_about_a_taken_passport_offers_the_guide(
    content: Content, understanding: Understanding
) -> None:
    state = UserState(language="en", country="PK", country_chosen=True, screen="menu")
    outcome = step(state, typed(understanding, "the company took my passport in Thailand"), content)
    labels = [b.label for r in outcome.replies for row in r.buttons for b in row]
    assert _title(content, "en", "passport_taken") in labels


def test_the_protector_guide_sends_people_to_the_protectorate_for_the_e_protector_address(
    content: Content,
) -> None:
    body = _view(content, "en").text("guides", "protector", "body")
    assert "ask a Protector office for its official address" in body
    assert "http" not in body and "www." not in body, "the reference has no E-Protector address"


def test_the_work_visa_guide_points_gulf_and_malaysia_to_the_protector(content: Content) -> None:
    body = _view(content, "en").text("guides", "work_visa", "body")
    assert "we have not yet researched" in body and "Protector of Emigrants" in body


def test_a_country_without_guides_shows_no_guide_buttons(content: Content) -> None:
    user = CoreUser(content, hint="en")
    user.send("/country")
    user.press(content.countries["BD"].name("en"))
    assert all(not b.startswith("Protector") for b in user.labels())
    pk_titles = {_title(content, "en", g) for g in GUIDES}
    assert not pk_titles & set(user.labels())


def test_an_old_guide_button_is_stale_not_an_error(content: Content) -> None:
    user = CoreUser(content, hint="en")
    user.send("/country")
    user.press(content.countries["BD"].name("en"))
    user.screen = user.screen and type(user.screen)(
        text="", buttons=((Button("old", "guide:protector"),),)
    )
    user.press("old")
    assert "older message" in user.text
