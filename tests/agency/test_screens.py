"""Agency screens in the reader's language, within Telegram's limits."""

from __future__ import annotations

from bot.agency.indicators import Indicator
from bot.agency.records import ReportedAd
from bot.agency.screens import review_item
from bot.content.model import Content
from bot.core.replies import Reply


def labels(reply: Reply) -> list[str]:
    return [button.label for row in reply.buttons for button in row]


def test_a_reviewer_gets_the_buttons_in_their_language(content: Content) -> None:
    ad = ReportedAd(1, "job ad 0300-1234567", "en", (), 1, "2026-11-30", "2026-11-30", "pending")
    for code in ("ur", "ps", "ur-Latn"):
        lang = content.language(code)
        shown = labels(review_item(lang, ad, 1, []))
        assert shown == [lang.translate(m) for m in ("Confirm scam", "Not a scam", "Skip")]
        assert "Confirm scam" not in shown, f"{code}: translated, not English"


def test_a_huge_reported_ad_still_fits_in_one_message(content: Content) -> None:
    phones = tuple(Indicator("phone", f"+9230012345{n:02d}") for n in range(60))
    ad = ReportedAd(7, "x" * 10_000, "en", (), 3, "2026-11-01", "2026-11-30", "pending", phones)
    assert len(review_item(content.language("en"), ad, 1, []).text) <= 4096
