"""Each update handled once, one chat's updates one at a time: in one process or across many.

Telegram posts a webhook update again when the POST failed or timed out, and a load balancer
may hand the second POST to another replica. The gate makes that harmless:

* an ``update_id`` already handled is answered at once and not handled again;
* one chat's updates are handled one at a time (a lock per chat key), so a re-post that
  lands on replica B while replica A is still handling the first POST waits for A, then
  finds the update done. Telegram sends one chat's webhook updates in order, each after the
  previous POST was answered, so serialising them keeps them in order too.

:class:`LocalGate` does this in memory for one process; :class:`RedisGate` across replicas.
A replica that dies holding a lock stops renewing it, and the lock ends after
``lock_seconds``. The update is marked handled only after its replies were sent, so a kill
between sending and marking can answer a re-post twice; that window is a few milliseconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # redis (6 MiB) is imported only by a bot that has REDIS_URL
    from bot.replicas.redis_link import RedisLink

log = logging.getLogger(__name__)

Work = Callable[[], Awaitable[None]]
HANDLED_SECONDS = 24 * 3600  # Telegram keeps an undelivered update for 24 hours
LOCK_SECONDS = 5.0
REMEMBERED = 100_000

_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
# KEYS: the update's "handled" key, the lock. ARGV: token, lock ms. 1: locked; 0: held by
# another; -1: already handled. One round trip for the check and the lock.
_ACQUIRE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0
"""
# KEYS: the "handled" key (or none when the work failed), the lock. ARGV: token, seconds.
_RELEASE = """
if #KEYS == 2 then redis.call('SET', KEYS[1], '1', 'EX', ARGV[2]) end
if redis.call('GET', KEYS[#KEYS]) == ARGV[1] then
  return redis.call('DEL', KEYS[#KEYS])
end
return 0
"""


class UpdateGate(Protocol):
    """Runs the handling of an update unless it was handled already."""

    async def run(self, update_id: int, chat: str | None, work: Work) -> bool:
        """Handle ``update_id`` of ``chat`` (a keyed hash, or None) once; False if skipped."""
        ...


class LocalGate:
    """:class:`UpdateGate` for one process: the last ``remember`` ids and asyncio locks."""

    def __init__(self, remember: int = REMEMBERED) -> None:
        self._handled: OrderedDict[int, None] = OrderedDict()
        self._remember = remember
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    async def run(self, update_id: int, chat: str | None, work: Work) -> bool:
        """See :class:`UpdateGate`."""
        name = chat if chat is not None else f"update:{update_id}"
        lock = self._locks.get(name)
        if lock is None:
            lock = self._locks[name] = asyncio.Lock()
        async with lock:
            if update_id in self._handled:
                return False
            await work()
            self._handled[update_id] = None
            while len(self._handled) > self._remember:
                self._handled.popitem(last=False)
        return True


class RedisGate:
    """:class:`UpdateGate` shared by every replica through Redis."""

    def __init__(self, link: RedisLink, *, lock_seconds: float = LOCK_SECONDS) -> None:
        self._link = link
        self._lock_ms = int(lock_seconds * 1000)
        self._acquire = link.client.register_script(_ACQUIRE)
        self._renew = link.client.register_script(_RENEW)
        self._release = link.client.register_script(_RELEASE)

    async def run(self, update_id: int, chat: str | None, work: Work) -> bool:
        """See :class:`UpdateGate`."""
        done = self._link.key("update", update_id)
        lock = self._link.key("lock", chat if chat is not None else f"update:{update_id}")
        token = secrets.token_hex(8)
        wait = 0.002
        while (got := await self._acquire(keys=[done, lock], args=[token, self._lock_ms])) == 0:
            await asyncio.sleep(wait)  # the holder is handling this chat's previous update
            wait = min(wait * 2, 0.05)
        if got == -1:
            return False
        # The keeper is stopped by an event, not by cancelling it: redis-py may swallow a
        # cancellation that lands inside a command, and the keeper would then renew forever.
        stop = asyncio.Event()
        keeper = asyncio.create_task(self._keep(lock, token, stop))
        handled = False
        try:
            await work()
            handled = True
        finally:
            stop.set()
            await keeper
            keys = [done, lock] if handled else [lock]
            await self._release(keys=keys, args=[token, HANDLED_SECONDS])
        return True

    async def _keep(self, name: str, token: str, done: asyncio.Event) -> None:
        from redis.exceptions import RedisError  # loaded already: this gate has a link

        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), self._lock_ms / 3000)
                return
            try:
                await self._renew(keys=[name], args=[token, self._lock_ms])
            except RedisError as exc:  # the lock may lapse; the next renewal tries again
                log.warning("could not renew a chat lock: %s", type(exc).__name__)
