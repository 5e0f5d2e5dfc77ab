"""The outbox rows one worker holds, with their leases kept alive while it holds them.

A claimed row carries a lease; another replica may claim it again once the lease has run
out, which is right after a crash and wrong while the holder is alive and merely waiting
(for the send budget, for a chat's one-second spacing, for a 429 pause longer than the
lease). :class:`HeldClaims` renews the leases of every row it holds every third of a lease,
and drops a row whose claim was lost (the store is fenced, so a lost row's answer could not
be recorded anyway: see "Fencing" in :mod:`bot.store.broadcasts`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable

from bot.store.broadcasts import BroadcastStore, Delivery

log = logging.getLogger(__name__)


class HeldClaims:
    """The rows claimed and not yet answered by this worker."""

    def __init__(self, store: BroadcastStore, lease: float, clock: Callable[[], float]) -> None:
        self._store = store
        self._lease = lease
        self._clock = clock
        self._held: dict[tuple[int, str], Delivery] = {}
        self._task: asyncio.Task[None] | None = None

    def __contains__(self, row: object) -> bool:
        return row in self._held

    def add(self, deliveries: Iterable[Delivery]) -> None:
        """Hold these freshly claimed rows."""
        for delivery in deliveries:
            self._held[delivery.row] = delivery

    def release(self, delivery: Delivery) -> None:
        """The row was answered or put back: stop renewing it."""
        self._held.pop(delivery.row, None)

    def start(self) -> None:
        """Begin renewing, in a task of this event loop."""
        if self._task is None:
            self._task = asyncio.create_task(self._keep(), name="broadcast-leases")

    async def stop(self) -> None:
        """Stop renewing (the rows left are put back or expire)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def renew(self) -> None:
        """Extend every held lease by a full lease from now; forget the rows lost."""
        held = list(self._held.values())
        if not held:
            return
        kept = await self._store.renew_claims(held, self._clock() + self._lease)
        for delivery in held:
            if delivery.row not in kept and self._held.get(delivery.row) is delivery:
                log.warning("broadcast #%d: a claimed row was lost", delivery.broadcast_id)
                del self._held[delivery.row]

    async def _keep(self) -> None:
        while True:
            await asyncio.sleep(self._lease / 3)
            try:
                await self.renew()
            except Exception as exc:  # the store is down: try again; leases may run out
                log.warning("could not renew broadcast leases: %s", type(exc).__name__)
