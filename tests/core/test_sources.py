"""A verdict shows the decision and the next step first; its sources sit behind *Sources*."""

from __future__ import annotations

import pytest

from bot.content.model import Content
from bot.core import callbacks
from bot.core.events import Press, Text
from bot.understanding.pipeline import Understanding
from tests.core.test_conversation import CoreUser, answer_all
from tests.core.test_scoring import SAFEST

DANGER = {"destination": "thailand", "visa": "visit_visa", "job": "call_centre_typing"}


def _danger_verdict(content: Content, lang: str) -> CoreUser:
    user = CoreUser(content, hint=lang)
    user.send("/country")
    user.press(content.countries["PK"].name(lang))  # Pakistan's contacts under the verdict
    user.send("/check")
    answer_all(user, content, DANGER, lang=lang)
    return user


@pytest.mark.parametrize("lang", ["en", "ur", "ur-Latn", "ps"])
def test_the_verdict_puts_the_next_step_before_the_evidence_and_the_sources_behind_a_button(
    content: Content, lang: str
) -> None:
    user = _danger_verdict(content, lang)
    language = content.language(lang)
    t = language.translate
    verdict = user.text
    decision = verdict.index(language.text("levels", "danger", "title"))
    steps = verdict.index(t("What to do now"))
    flags = verdict.index(t("Red flags found"))
    helpers = verdict.index(t("Who can help"))
    assert decision < steps < flags < helpers, "decision, next step, then why, then who"
    hotline = content.facts["fia_tip_hotline"]
    assert hotline.value in verdict, "the contacts stay in the verdict"
    assert hotline.source not in verdict, "their sources do not crowd the phone screen"

    user.press(t("Sources"))
    assert user.last is not None
    (shown,) = user.last.replies
    assert not shown.replace, "the sources come as a new message: the verdict stays above"
    assert t("Where these facts come from") in shown.text
    pk = content.for_country("PK")
    for number, fid in enumerate(pk.help_places["home"], 1):
        fact = content.facts[fid]
        line = f"{number}. {language.text('facts', fid, 'label')}: "
        assert line in shown.text
        assert fact.checked.isoformat() in shown.text, "each source says when it was read"
    assert user.labels() == [t("Main menu")], "no dead end"


def test_a_low_risk_verdict_lists_no_contacts_and_offers_no_sources(content: Content) -> None:
    user = CoreUser(content)
    user.send("/check")
    answer_all(user, content, SAFEST)
    en = content.language("en")
    assert en.text("levels", "low", "title") in user.text
    assert en.translate("Who can help") not in user.text
    assert en.translate("Sources") not in user.labels()


def test_a_sources_button_of_a_place_that_is_gone_is_stale_not_an_error(
    content: Content,
) -> None:
    user = _danger_verdict(content, "en")
    outcome = user._do(Press(callbacks.encode("sources", "atlantis")))
    assert outcome.toast == content.language("en").translate("That button is no longer active.")
    assert content.language("en").translate("Check a job offer") in [
        b.label for r in outcome.replies for row in r.buttons for b in row
    ]


def test_an_ad_verdict_keeps_the_ad_while_its_sources_are_read(
    content: Content, understanding: Understanding
) -> None:
    user = CoreUser(content)
    user.send("/start")
    user.send("/country")
    user.press("Pakistan")  # a home country with a pack: its contacts under the verdict
    ad = (
        "URGENT call centre job in Bangkok, salary $1500, visit visa, free ticket, "
        "contact WhatsApp only"
    )
    analysis = understanding.analyze(ad, "en")
    user._do(Text(ad, True, analysis))
    assert "Sources" in user.labels()
    user.press("Sources")
    assert user.saved is not None and "ad_raw" in user.saved.get("extra", {})
