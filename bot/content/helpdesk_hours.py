"""``content/helpdesk.yaml``: when the counsellors answer, checked like every content file.

The organisation that runs the helpdesk edits this by hand; a typo (``opens: 9``, ``days:
[monday, funday]``, ``timezone: Asia/Karachy``) must be a ``file:line`` problem in ``content
check`` and in the preview, never a crash at start or a helpdesk that is silently "closed".
The hours are part of :class:`~bot.content.model.Content`, so a saved edit is hot-reloaded
with everything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.content.yaml_lines import LocatedYaml, load_located
from bot.errors import ContentError, Problem

FILE = "helpdesk.yaml"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_KEYS = frozenset({"timezone", "days", "opens", "closes"})
_CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


@dataclass(frozen=True)
class OpeningHours:
    """When counsellors answer: ``days`` (0 = Monday) from ``opens`` to ``closes`` in ``zone``."""

    zone: ZoneInfo
    days: frozenset[int]
    opens: time
    closes: time

    @classmethod
    def load(cls, content_dir: Path) -> OpeningHours:
        """Read and check ``content_dir/helpdesk.yaml``; ContentError lists what is wrong."""
        problems: list[Problem] = []
        hours = parse_hours(load_located(content_dir / FILE, FILE), problems)
        if hours is None:
            raise ContentError(problems)
        return hours

    def open_at(self, moment: datetime) -> bool:
        """Whether the helpdesk is open at ``moment`` (any time zone)."""
        local = moment.astimezone(self.zone)
        return local.weekday() in self.days and self.opens <= local.time() < self.closes


def parse_hours(doc: LocatedYaml, problems: list[Problem]) -> OpeningHours | None:
    """The opening hours of ``doc``, or None with every mistake added to ``problems``."""
    data = doc.data
    if not isinstance(data, dict):
        problems.append(doc.problem((), "expected timezone, days, opens and closes"))
        return None
    found = len(problems)
    for key in sorted(set(data) - _KEYS, key=str):
        problems.append(doc.problem((key,), f"unknown key {key!r}: use {', '.join(sorted(_KEYS))}"))
    for key in sorted(_KEYS - set(data)):
        problems.append(doc.problem((), f"{key} is missing"))
    zone = _zone(doc, data.get("timezone"), problems) if "timezone" in data else None
    days = _days(doc, data.get("days"), problems) if "days" in data else None
    opens = _clock(doc, "opens", data.get("opens"), problems) if "opens" in data else None
    closes = _clock(doc, "closes", data.get("closes"), problems) if "closes" in data else None
    if opens is not None and closes is not None and not opens < closes:
        problems.append(doc.problem(("closes",), "closes must be later than opens"))
    if len(problems) > found or None in (zone, days, opens, closes):
        return None
    assert zone is not None and days is not None and opens is not None and closes is not None
    return OpeningHours(zone, days, opens, closes)


def _zone(doc: LocatedYaml, value: object, problems: list[Problem]) -> ZoneInfo | None:
    if not isinstance(value, str) or not value.strip():
        problems.append(doc.problem(("timezone",), "timezone must be a name like Asia/Karachi"))
        return None
    try:
        return ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(
            doc.problem(("timezone",), f"unknown time zone {value!r}: use a name like Asia/Karachi")
        )
        return None


def _days(doc: LocatedYaml, value: object, problems: list[Problem]) -> frozenset[int] | None:
    if not isinstance(value, list) or not value:
        problems.append(
            doc.problem(("days",), f"days must be a list such as [{', '.join(DAYS[:5])}]")
        )
        return None
    days: set[int] = set()
    for index, day in enumerate(value):
        name = str(day).strip().lower()
        if name not in DAYS:
            problems.append(
                doc.problem(("days", index), f"{day!r} is not a day: use {', '.join(DAYS)}")
            )
        elif DAYS.index(name) in days:
            problems.append(doc.problem(("days", index), f"{name} is listed twice"))
        else:
            days.add(DAYS.index(name))
    return frozenset(days)


def _clock(doc: LocatedYaml, key: str, value: object, problems: list[Problem]) -> time | None:
    # YAML 1.1 reads an unquoted 9:00 as 540 (base 60): the message asks for quotes.
    if not isinstance(value, str) or not _CLOCK.fullmatch(value.strip()):
        problems.append(
            doc.problem((key,), f'{key} must be a time in quotes like "09:00", not {value!r}')
        )
        return None
    return time.fromisoformat(value.strip())
