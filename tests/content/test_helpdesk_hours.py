"""content/helpdesk.yaml is checked like all content: typed, with the file and line to fix."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.content.loader import load_content
from tests.content.test_validation import line_of, problems_of, replace_in


def test_the_real_hours_load_as_part_of_the_content(content_copy: tuple[Path, Path]) -> None:
    content, _ = load_content(*content_copy)
    hours = content.helpdesk_hours
    assert hours is not None and str(hours.zone) == "Asia/Karachi"
    # Monday 2026-11-30, 10:00 in Karachi (05:00 UTC): open; Sunday: closed.
    assert hours.open_at(datetime(2026, 11, 30, 5, 0, tzinfo=UTC))
    assert not hours.open_at(datetime(2026, 11, 29, 5, 0, tzinfo=UTC))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("timezone: Asia/Karachi", "timezone: Asia/Karachy", "unknown time zone 'Asia/Karachy'"),
        ('opens: "09:00"', "opens: 9", 'opens must be a time in quotes like "09:00", not 9'),
        ('opens: "09:00"', "opens: 9:00", 'opens must be a time in quotes like "09:00", not 540'),
        ('closes: "17:00"', 'closes: "08:00"', "closes must be later than opens"),
        ("days: [mon, tue", "days: [monday, funday, tue", "'funday' is not a day"),
        ("days: [mon, tue", "days: [mon, mon, tue", "mon is listed twice"),
        ("days: [mon, tue", "hours: 3\ndays: [mon, tue", "unknown key 'hours'"),
    ],
)
def test_a_mistake_in_the_hours_is_refused_with_its_line(
    content_copy: tuple[Path, Path], old: str, new: str, message: str
) -> None:
    content_dir, locales_dir = content_copy
    path = content_dir / "helpdesk.yaml"
    replace_in(path, old, new)
    line = line_of(path, new.splitlines()[0])
    problems = problems_of(content_dir, locales_dir)
    assert any(p.startswith(f"content/helpdesk.yaml:{line}") and message in p for p in problems), (
        problems
    )


def test_a_missing_key_is_named(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    replace_in(content_dir / "helpdesk.yaml", 'closes: "17:00"', "")
    assert any(
        "helpdesk.yaml" in p and "closes is missing" in p
        for p in problems_of(content_dir, locales_dir)
    )


def test_without_the_file_there_are_no_hours_and_no_error(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    (content_dir / "helpdesk.yaml").unlink()
    content, _ = load_content(content_dir, locales_dir)
    assert content.helpdesk_hours is None
