"""One sending budget for every replica: the schedule of :class:`~bot.broadcast.pacing.Pacer`
kept in Redis, changed only by one atomic script.

Every replica takes its broadcast slots from the same schedule (GCRA: the next send is due
one interval after the last slot, late sends catch up within the burst) and the same
sliding window of the last sends, so all of them together send at most ``rate`` messages
in any second, and a 429 seen by any replica pauses all of them until its ``retry_after``
has passed. The script reads Redis's own clock (``TIME``), so the replicas' clocks need not
agree.
"""

from __future__ import annotations

import asyncio
import math
from typing import TYPE_CHECKING

from bot.broadcast.pacing import DEFAULT_BURST, window_of

if TYPE_CHECKING:  # redis is imported only by a bot that has REDIS_URL
    from bot.replicas.redis_link import RedisLink

# KEYS[1]: when the next send is due (Redis time, seconds); KEYS[2]: pause end;
# KEYS[3]: the times of the last sends, newest first (a list of at most ARGV[5]).
# ARGV: mode (take | debt | pause | peek), interval, tolerance, pause seconds,
#       window count, window seconds.
# Returns, as a string, how long to wait (0: the slot was taken / the pause recorded).
_SCRIPT = """
local function f(x) return string.format('%.6f', x) end  -- tostring keeps 14 digits
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local mode, interval, tolerance = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local count, window = tonumber(ARGV[5]), tonumber(ARGV[6])
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
local due = tonumber(redis.call('GET', KEYS[1]) or now)
local ttl = math.ceil(window + tolerance) + 3600
if mode == 'pause' then
  local untill = math.max(paused, now + tonumber(ARGV[4]))
  redis.call('SET', KEYS[2], f(untill), 'EX', math.ceil(untill - now) + 1)
  redis.call('SET', KEYS[1], f(math.max(due, untill)), 'EX', ttl + math.ceil(untill - now))
  return '0'
end
if mode == 'peek' then
  if paused - now > 1e-6 then return f(paused - now) end
  return '0'
end
if mode == 'take' then
  local ready = math.max(due, paused)
  if redis.call('LLEN', KEYS[3]) >= count then
    ready = math.max(ready, tonumber(redis.call('LINDEX', KEYS[3], count - 1)) + window)
  end
  if ready - now > 1e-6 then return f(ready - now) end
end
redis.call('SET', KEYS[1], f(math.max(due, now - tolerance) + interval), 'EX', ttl)
redis.call('LPUSH', KEYS[3], f(now))
redis.call('LTRIM', KEYS[3], 0, count - 1)
redis.call('EXPIRE', KEYS[3], ttl)
return '0'
"""


class RedisBudget:
    """:class:`bot.broadcast.pacing.SendBudget` shared by every replica through Redis."""

    def __init__(self, link: RedisLink, rate: float, *, burst: float | None = None) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = max(1.0, burst if burst is not None else DEFAULT_BURST)
        count, window = window_of(rate)
        self._shape = [repr(1 / rate), repr((self.capacity - 1) / rate)]
        self._window = [str(count), repr(window)]
        self._keys = [
            link.key("budget", "due"),
            link.key("budget", "paused"),
            link.key("budget", "recent"),
        ]
        self._script = link.client.register_script(_SCRIPT)

    async def _call(self, mode: str, seconds: float = 0.0) -> float:
        answer = await self._script(
            keys=self._keys, args=[mode, *self._shape, repr(seconds), *self._window]
        )
        return float(answer)

    async def acquire(self) -> None:
        """Wait for a pause to end and for the next slot, then take it (one broadcast message)."""
        while True:
            wait = await self._call("take")
            if wait <= 0:
                return
            await asyncio.sleep(max(wait, 1e-4))

    async def pause(self, seconds: float) -> None:
        """A 429 with ``retry_after``: every replica waits ``seconds`` from now."""
        await self._call("pause", math.ceil(seconds * 1000) / 1000)

    async def wait_unpaused(self) -> None:
        """Return once no 429 pause is running, on any replica."""
        while True:
            wait = await self._call("peek")
            if wait <= 0:
                return
            await asyncio.sleep(wait)

    async def note_send(self) -> None:
        """A reply went out: it took a slot of the shared schedule, even one not due yet."""
        await self._call("debt")
