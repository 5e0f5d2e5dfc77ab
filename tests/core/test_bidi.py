"""Numbers, dates and links in Urdu and Pashto replies are isolated so they keep their order."""

from __future__ import annotations

import unicodedata

import pytest

from bot.core.bidi import FSI, LRI, PDI, for_reply, foreign, isolate
from bot.core.replies import Reply
from bot.telegram_html import parse_html

I = LRI  # noqa: E741 - short names keep the table readable
P = PDI


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("تاریخ 2026-11-22 کو", f"تاریخ {I}2026-11-22{P} کو"),
        ("تاریخ 22/11/2026 کو", f"تاریخ {I}22/11/2026{P} کو"),
        ("تاریخ ۲۰۲۶-۱۱-۲۲ کو", f"تاریخ {I}۲۰۲۶-۱۱-۲۲{P} کو"),
        ("فون 0300-1234567 پر", f"فون {I}0300-1234567{P} پر"),
        (
            "فون +66 95 968 1506, +66 91 697 7702 پر",
            f"فون {I}+66 95 968 1506{P}, {I}+66 91 697 7702{P} پر",
        ),
        ("فیس Rs15,000 سے زیادہ", f"فیس {I}Rs15,000{P} سے زیادہ"),
        ("تنخواہ $1,000–2,000 ماہانہ", f"تنخواہ {I}$1,000–2,000{P} ماہانہ"),
        ("USD 1,500 تنخواہ", f"{I}USD 1,500{P} تنخواہ"),
        ("لائسنس 2814/LHR والا", f"لائسنس {I}2814/LHR{P} والا"),
        ("ویب www.beoe.gov.pk/list-of-oeps پر", f"ویب {I}www.beoe.gov.pk/list-of-oeps{P} پر"),
        (
            "https://beoe.gov.pk/a?x=1&amp;y=2. دیکھیں",
            f"{I}https://beoe.gov.pk/a?x=1&amp;y=2{P}. دیکھیں",
        ),
        ("سائٹ beoe.gov.pk پر", f"سائٹ {I}beoe.gov.pk{P} پر"),
        ("ای میل complaints@fia.gov.pk پر", f"ای میل {I}complaints@fia.gov.pk{P} پر"),
        # A link: isolates outside the tags, so the link's entity holds none of them.
        (
            'دیکھیں <a href="https://beoe.gov.pk/x">beoe.gov.pk/x</a>',
            f'دیکھیں {I}<a href="https://beoe.gov.pk/x">beoe.gov.pk/x</a>{P}',
        ),
        # A link worded in Urdu reads right to left already: left as it is.
        (
            '<a href="https://beoe.gov.pk/">یہاں</a> دیکھیں',
            '<a href="https://beoe.gov.pk/">یہاں</a> دیکھیں',
        ),
        # Formatting tags are not split; numbers inside them are.
        ("<b>111-247-786</b> پر کال کریں", f"<b>{I}111-247-786{P}</b> پر کال کریں"),
        ("صبح 9:00 سے", f"صبح {I}9:00{P} سے"),
        # A bare integer cannot be reordered: left as it is.
        ("سوال 1 از 20، کال 1991", "سوال 1 از 20، کال 1991"),
        # Entities are not numbers.
        ("&#39;ویزا&#39; &amp; ٹکٹ", "&#39;ویزا&#39; &amp; ٹکٹ"),
        # Numbered steps keep one isolate per line, never one across lines.
        ("1. پہلا 2026-11-22\n2. دوسرا", f"1. پہلا {I}2026-11-22{P}\n2. دوسرا"),
        # Plain words: nothing to do.
        ("ویزا کے لیے پیسے نہ دیں", "ویزا کے لیے پیسے نہ دیں"),
    ],
)
def test_left_to_right_runs_are_isolated(html: str, expected: str) -> None:
    assert isolate(html) == expected


def test_isolating_twice_changes_nothing() -> None:
    once = isolate("فون +92 51 9201000 اور www.fia.gov.pk پر، 2026-11-22")
    assert isolate(once) == once


def test_href_and_tags_are_never_touched() -> None:
    html = '<a href="https://example.pk/2026-11-22?n=5">ربط</a> <i>2026</i>'
    out = isolate(html)
    assert '<a href="https://example.pk/2026-11-22?n=5">ربط</a>' in out
    assert "<i>" in out and "</i>" in out


def test_a_link_entity_holds_the_link_text_only() -> None:
    """Telegram computes entity offsets from the HTML: the isolates sit outside the link."""
    html = isolate('ویب سائٹ <a href="https://beoe.gov.pk/list-of-oeps">beoe.gov.pk</a> پر دیکھیں')
    parsed = parse_html(html)
    (link,) = [e for e in parsed.entities if e["type"] == "text_link"]
    encoded = parsed.text.encode("utf-16-le")
    shown = encoded[2 * link["offset"] : 2 * (link["offset"] + link["length"])].decode("utf-16-le")
    assert shown == "beoe.gov.pk"
    assert link["url"] == "https://beoe.gov.pk/list-of-oeps"
    before = encoded[: 2 * link["offset"]].decode("utf-16-le")
    assert before.endswith(LRI), "the isolate opens just before the link, outside it"


def test_the_result_is_still_html_telegram_accepts() -> None:
    html = isolate("<b>فون</b> 111-247-786، <i>تاریخ 2026-11-22</i> &amp; www.fia.gov.pk")
    parsed = parse_html(html)
    assert parsed.text.count(LRI) == parsed.text.count(PDI) == 3


def test_only_right_to_left_replies_are_changed() -> None:
    ltr = Reply("Call 1991 on 2026-11-22", direction="ltr")
    rtl = Reply("کال 111-247-786", direction="rtl")
    assert for_reply(ltr) is ltr
    assert for_reply(rtl).text == f"کال {I}111-247-786{P}"


def test_the_isolates_are_the_unicode_ones() -> None:
    assert unicodedata.name(LRI) == "LEFT-TO-RIGHT ISOLATE"
    assert unicodedata.name(PDI) == "POP DIRECTIONAL ISOLATE"


def test_a_foreign_phrase_is_isolated_once_and_its_dates_are_left_inside() -> None:
    source = foreign("dawn.com/news/1797803 (2023-12-14)", "rtl")
    assert source == f"{FSI}dawn.com/news/1797803 (2023-12-14){P}"
    assert isolate(f"ماخذ: {source}، تاریخ 2026-11-22") == (
        f"ماخذ: {source}، تاریخ {I}2026-11-22{P}"
    )
    assert foreign("dawn.com", "ltr") == "dawn.com"
