"""Where a running bot says it is alive, so the command line knows whether anyone delivers."""

from __future__ import annotations

from typing import Protocol


class HeartbeatStore(Protocol):
    """One row per running bot process, refreshed every few seconds."""

    async def beat(self, instance: str, now: float) -> None:
        """Record that ``instance`` (a random id of one process) was alive at ``now``."""
        ...

    async def last_seen(self) -> float | None:
        """The latest beat of any process (Unix time), or ``None`` if none ever beat."""
        ...

    async def end_beat(self, instance: str) -> None:
        """``instance`` stopped cleanly: forget it, so nobody waits for it."""
        ...
