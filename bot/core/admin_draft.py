"""A broadcast being prepared by an admin, and what the store told the core about subscribers.

The draft lives in ``UserState.extra`` (JSON), so it survives a restart of the bot between
two taps. :class:`AdminView` is read by the conversation service before each admin step,
because the pure core cannot count subscribers itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core.countries import utc_offset_minutes

DRAFT_KEY = "broadcast_draft"
START_CHOICES = ("now", "1h", "3h", "morning")
SPREAD_CHOICES = (0, 2, 6, 12)  # hours
MORNING_HOUR = 9  # "tomorrow morning" / "this morning": 09:00 in Pakistan


@dataclass(frozen=True)
class BroadcastSummary:
    """A queued or running broadcast, as ``/broadcast_cancel`` lists it."""

    id: int
    status: str
    total: int
    processed: int
    start_at: float


@dataclass(frozen=True)
class AdminView:
    """What the store holds that admin screens show: the time, active subscribers per
    (language, country where they are, home country), and the broadcasts not finished yet."""

    now: float
    subscribers: Mapping[tuple[str, str | None, str | None], int] = field(default_factory=dict)
    active: tuple[BroadcastSummary, ...] = ()

    @property
    def total(self) -> int:
        """Active subscribers."""
        return sum(self.subscribers.values())

    def by_language(self, audience: Mapping[str, str]) -> dict[str, int]:
        """Recipients of ``audience`` per subscriber language."""
        counts: dict[str, int] = {}
        for (language, country, home), count in self.subscribers.items():
            if audience.get("language") not in (None, language):
                continue
            if audience.get("country") not in (None, country):
                continue
            if audience.get("home_country") not in (None, home):
                continue
            counts[language] = counts.get(language, 0) + count
        return counts

    def count(self, audience: Mapping[str, str]) -> int:
        """Recipients of ``audience``."""
        return sum(self.by_language(audience).values())


@dataclass
class Draft:
    """The broadcast on the admin's screen; see the module docstring."""

    alert: str | None = None
    bodies: dict[str, str] = field(default_factory=dict)
    writing: str | None = None
    audience: dict[str, str] | None = None
    start: str = "now"
    spread: int = 0
    quiet: bool = False

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict for ``UserState.extra``."""
        return {
            "alert": self.alert,
            "bodies": dict(self.bodies),
            "writing": self.writing,
            "audience": None if self.audience is None else dict(self.audience),
            "start": self.start,
            "spread": self.spread,
            "quiet": self.quiet,
        }

    @classmethod
    def from_json(cls, data: Any) -> Draft | None:
        """The draft saved by :meth:`to_json`, or None when there is none (or it is damaged)."""
        if not isinstance(data, dict):
            return None
        audience = data.get("audience")
        start = str(data.get("start", "now"))
        spread = int(data.get("spread", 0) or 0)
        return cls(
            alert=data.get("alert"),
            bodies={str(k): str(v) for k, v in (data.get("bodies") or {}).items()},
            writing=data.get("writing"),
            audience=dict(audience) if isinstance(audience, dict) else None,
            start=start if start in START_CHOICES else "now",
            spread=spread if spread in SPREAD_CHOICES else 0,
            quiet=bool(data.get("quiet", False)),
        )


def start_time(start: str, now: float) -> float:
    """When a broadcast with this start choice begins (Unix time)."""
    if start == "1h":
        return now + 3600
    if start == "3h":
        return now + 3 * 3600
    if start == "morning":
        offset = timedelta(minutes=utc_offset_minutes("pakistan"))
        local = datetime.fromtimestamp(now, UTC) + offset
        morning = local.replace(hour=MORNING_HOUR, minute=0, second=0, microsecond=0)
        if morning <= local:
            morning += timedelta(days=1)
        return (morning - offset).timestamp()
    return now


def pakistan_time(moment: float) -> str:
    """A Unix time as ``YYYY-MM-DD HH:MM`` in Pakistan, for admins' screens."""
    offset = timedelta(minutes=utc_offset_minutes("pakistan"))
    return (datetime.fromtimestamp(moment, UTC) + offset).strftime("%Y-%m-%d %H:%M")


def next_choice(choices: tuple[Any, ...], current: Any) -> Any:
    """The choice after ``current``, round and round."""
    index = choices.index(current) if current in choices else -1
    return choices[(index + 1) % len(choices)]
