"""Alert templates are checked like all content before an agency can send one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.loader import inspect_content
from bot.content.model import Content
from bot.errors import Problem

GOOD = """\
issued: 2026-11-22
review_by: 2099-01-01
texts:
  en:
    title: A short title
    # source: reference §1 (BE&OE advisory, arynews.tv 2025-12-04, H)
    text: Check your agent on {beoe_oep_list}.
  ur:
    title: مختصر عنوان
    text: اپنے ایجنٹ کو {beoe_oep_list} پر دیکھیں۔
  ur-Latn:
    title: Mukhtasar unwan
    text: Apne agent ko {beoe_oep_list} par dekhein.
  ps:
    title: لنډ سرلیک
    text: خپل اېجنټ په {beoe_oep_list} کې وګورئ۔
  hi:
    title: छोटा शीर्षक
    text: अपने एजेंट को {beoe_oep_list} पर देखें।
  ne:
    title: छोटो शीर्षक
    text: आफ्नो एजेन्टलाई {beoe_oep_list} मा हेर्नुहोस्।
  bn:
    title: ছোট শিরোনাম
    text: আপনার এজেন্টকে {beoe_oep_list}-এ দেখুন।
  si:
    title: කෙටි මාතෘකාව
    text: ඔබේ agent {beoe_oep_list} එකේ බලන්න.
  ta:
    title: சிறிய தலைப்பு
    text: உங்கள் agent-ஐ {beoe_oep_list}-இல் பாருங்கள்.
  id:
    title: Judul pendek
    text: Cek agen Anda di {beoe_oep_list}.
  fil:
    title: Maikling pamagat
    text: I-check ang agent mo sa {beoe_oep_list}.
"""


def problems_of(copy: tuple[Path, Path], text: str) -> list[Problem]:
    content_dir, locales_dir = copy
    (content_dir / "alerts" / "test_alert.yaml").write_text(text, encoding="utf-8")
    found = inspect_content(content_dir, locales_dir).problems
    return [p for p in found if "test_alert" in p.file]


def test_every_shipped_alert_is_complete_in_every_language(content: Content) -> None:
    assert len(content.alerts) >= 3
    for alert in content.alerts:
        assert set(alert.titles) == set(alert.texts) == set(content.languages), alert.id
        assert all("{" not in text for text in alert.texts.values()), "facts are filled in"
    visit = content.alert("visit_visas")
    assert visit is not None and "111-247-786" in visit.texts["ur"]


def test_a_good_template_loads(content_copy: tuple[Path, Path]) -> None:
    assert problems_of(content_copy, GOOD) == []
    inspection = inspect_content(*content_copy)
    assert inspection.content is not None
    alert = inspection.content.alert("test_alert")
    assert alert is not None and "beoe.gov.pk" in alert.texts["ps"]


@pytest.mark.parametrize(
    ("change", "severity", "message"),
    [
        (
            ("  ps:\n    title: لنډ سرلیک\n    text: خپل اېجنټ په {beoe_oep_list} کې وګورئ۔\n", ""),
            "warning",
            "no ps text",
        ),
        (("{beoe_oep_list}.", "{fia_website}."), "error", "unknown placeholder"),
        (("Check your agent", "<b>Check your agent"), "error", "never closed"),
        (("Check your agent", "Call 0300 1234567 or check your agent"), "warning", "phone number"),
        (
            ("title: A short title", "title: A title that is far too long to fit on a button"),
            "error",
            "keep it under 40",
        ),
        (("title: A short title", "title: <b>A title</b>"), "error", "no tags"),
        (
            ("    # source: reference §1 (BE&OE advisory, arynews.tv 2025-12-04, H)\n", ""),
            "error",
            "# source:",
        ),
        (
            ("  ps:\n", "  sd:\n    title: x\n    text: y\n  ps:\n"),
            "error",
            "no content/texts/sd.yaml",
        ),
        (("    text: Check your agent on {beoe_oep_list}.\n", ""), "error", "missing en text"),
    ],
)
def test_mistakes_are_reported_with_their_file(
    content_copy: tuple[Path, Path], change: tuple[str, str], severity: str, message: str
) -> None:
    old, new = change
    assert old in GOOD
    found = problems_of(content_copy, GOOD.replace(old, new, 1))
    assert any(p.severity == severity and message in p.message for p in found), found


def test_a_long_text_is_refused(content_copy: tuple[Path, Path]) -> None:
    long = "Check your agent. " * 250
    found = problems_of(content_copy, GOOD.replace("Check your agent", long, 1))
    assert any("keep it under 3500" in p.message for p in found)
