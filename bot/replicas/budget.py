"""One sending budget for every replica: the token bucket of :class:`~bot.broadcast.pacing.Pacer`
kept in Redis, changed only by one atomic script.

Every replica takes its broadcast tokens from the same bucket, so all of them together send
at most ``rate`` messages a second (plus one token of burst), and a 429 seen by any replica
pauses all of them until its ``retry_after`` has passed. The script reads Redis's own clock
(``TIME``), so the replicas' clocks need not agree.
"""

from __future__ import annotations

import asyncio
import math

from bot.replicas.redis_link import RedisLink

# KEYS[1]: the bucket (hash: tokens, at); KEYS[2]: pause end (Redis time, seconds).
# ARGV: mode (take | debt | pause | peek), rate, capacity, pause seconds.
# Returns, as a string, how long to wait (0: the token was taken / the pause recorded).
_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local mode, rate, capacity = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens') or ARGV[3])
local at = tonumber(redis.call('HGET', KEYS[1], 'at') or tostring(now))
local ttl = math.ceil(capacity / rate) + 3600
if mode == 'pause' then
  local untill = math.max(paused, now + tonumber(ARGV[4]))
  redis.call('SET', KEYS[2], tostring(untill), 'EX', math.ceil(untill - now) + 1)
  if now > at then tokens = math.min(capacity, tokens + (now - at) * rate) end
  tokens = math.min(tokens, 0)
  at = math.max(at, untill)
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
  redis.call('EXPIRE', KEYS[1], ttl + math.ceil(untill - now))
  return '0'
end
if mode ~= 'debt' and paused > now then return tostring(paused - now) end
if mode == 'peek' then return '0' end
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * rate)
  at = now
end
if mode == 'debt' or tokens >= 1 - 1e-9 then
  tokens = tokens - 1
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
  redis.call('EXPIRE', KEYS[1], ttl)
  return '0'
end
return tostring((1 - tokens) / rate)
"""


class RedisBudget:
    """:class:`bot.broadcast.pacing.SendBudget` shared by every replica through Redis."""

    def __init__(self, link: RedisLink, rate: float, *, burst: float | None = None) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = burst if burst is not None else max(1.0, rate / 30)
        self._keys = [link.key("budget", "bucket"), link.key("budget", "paused")]
        self._script = link.client.register_script(_SCRIPT)

    async def _call(self, mode: str, seconds: float = 0.0) -> float:
        answer = await self._script(
            keys=self._keys, args=[mode, repr(self.rate), repr(self.capacity), repr(seconds)]
        )
        return float(answer)

    async def acquire(self) -> None:
        """Wait for a pause to end and for a token, then take it (one broadcast message)."""
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
        """A reply went out: it used up a token of the shared budget, even into debt."""
        await self._call("debt")
