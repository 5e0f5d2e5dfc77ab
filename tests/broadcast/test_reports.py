"""Reports: the picture is a valid PNG, numbers add up, and no group under five shows."""

from __future__ import annotations

import struct
from datetime import date

from bot.content.model import Content
from bot.reports.aggregate import build_report
from bot.reports.chart import render_png
from bot.reports.export import caption, rows, to_csv, to_html
from bot.store.base import LogEntry
from bot.store.broadcasts import SubscriberCount, SubscriberDay

SINCE, UNTIL = date(2026, 11, 1), date(2026, 11, 7)


def entries() -> list[LogEntry]:
    found = []
    for day in range(1, 8):
        found += [LogEntry(f"2026-11-0{day}T09:00", "ur-Latn", "question", "fees")] * 6
    found += [LogEntry("2026-11-03T10:00", "ps", "question", "passport")] * 2  # a tiny group
    found += [LogEntry("2026-11-04T10:00", "en", "unanswered")] * 5
    found += [LogEntry("2026-11-05T11:00", "ur", "scan", None, ("visit_visa", "upfront_fee"))] * 5
    found += [LogEntry("2026-11-05T12:00", "ur", "scan", None, ("passport_retention",))]
    found += [LogEntry("2026-10-20T12:00", "ur", "question", "fees")] * 9  # before the period
    return found


def report():  # type: ignore[no-untyped-def]
    history = [SubscriberDay(date(2026, 10, 30), 3, 0), SubscriberDay(date(2026, 11, 4), 4, 1)]
    counts = [SubscriberCount("ur", None, "active", 6), SubscriberCount("en", None, "blocked", 1)]
    return build_report(entries(), history, counts, since=SINCE, until=UNTIL)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "PNG signature"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    assert data.endswith(b"IEND\xaeB`\x82"), "PNG end chunk"
    return struct.unpack(">II", data[16:24])


def test_small_groups_are_hidden_everywhere() -> None:
    made = report()
    assert "ps" not in made.questions_by_language, "2 questions in Pashto: hidden"
    assert [t for t, _ in made.top_topics] == ["fees"], "passport (2) is hidden"
    assert ("passport_retention", 1) not in made.top_flags
    assert made.totals["questions"] == 42 + 5, "the 2 hidden Pashto questions are not in it"
    assert made.totals["reports"] is None and made.totals["unreachable"] is None
    assert made.subscribers == (None, None, None, 6, 6, 6, 6), "3 subscribers: hidden"
    assert made.hidden_groups >= 2
    shown = rows(made)
    assert all(count >= 5 for *_rest, count in shown)
    assert not any(key in {"ps", "passport", "passport_retention"} for _s, _d, key, _c in shown)


def test_no_hidden_cell_can_be_recovered_from_the_totals() -> None:
    extra = [LogEntry("2026-11-02T09:00", "ur-Latn", "question", "passport")]  # 1 in a shown cell
    made = build_report(entries() + extra, [], [], since=SINCE, until=UNTIL)
    cells = sum(n or 0 for values in made.questions_by_language.values() for n in values)
    assert made.totals["questions"] == cells, "the total is exactly the sum of the shown cells"
    answered = made.totals["questions"] - 5  # minus the 5 unanswered shown above
    left = answered - sum(n for _, n in made.top_topics)
    assert left == 0 or left >= 5, f"{left} question(s) of a hidden topic could be deduced"
    few = [LogEntry("2026-11-01T09:00", "en", "unanswered")] * 2
    small = build_report(entries() + few, [], [], since=SINCE, until=UNTIL)
    assert small.totals["unanswered"] is None or small.totals["unanswered"] >= 5


def test_the_csv_is_one_long_table() -> None:
    text = to_csv(report())
    lines = text.splitlines()
    assert lines[0] == "section,day,key,count"
    assert "questions_per_day,2026-11-01,ur-Latn,6" in lines
    assert "red_flag,,visit_visa,5" in lines
    assert "2026-10-20" not in text


def test_the_picture_is_a_valid_png() -> None:
    width, height = png_size(render_png(report()))
    assert (width, height) == (1200, 900)


def test_a_picture_with_no_data_is_still_a_picture() -> None:
    empty = build_report([], [], [], since=SINCE, until=UNTIL)
    png_size(render_png(empty))


def test_the_html_page_embeds_the_picture_and_hides_small_groups() -> None:
    made = report()
    page = to_html(made, render_png(made))
    assert '<img alt="charts" src="data:image/png;base64,' in page
    assert "passport_retention" not in page and "fewer than 5" in page


def test_the_caption_is_in_the_admins_language(content: Content) -> None:
    text = caption(content.language("ur"), report())
    assert "سوالات: 47" in text and "5 سے کم" in text
