"""The Redis connection replicas share, and the namespace of every key the bot keeps there.

Keys start with ``sja:<digest>:``, the digest being a hash of the bot id and ``DATABASE_URL``:
replicas of one deployment meet under the same keys, while two deployments (or two test
runs on their own database schema) on one Redis never see each other's keys. No key holds
a raw Telegram id: chat keys are :meth:`bot.privacy.IdentityKeys.user_key` hashes.
"""

from __future__ import annotations

import hashlib
import logging

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 5.0


class RedisLink:
    """One Redis client and the key prefix of this deployment."""

    def __init__(self, client: Redis, prefix: str) -> None:
        self.client = client
        self.prefix = prefix

    def key(self, *parts: str | int) -> str:
        """A key in this deployment's namespace."""
        return self.prefix + ":".join(str(part) for part in parts)

    async def ping(self) -> bool:
        """Whether Redis answers (``/healthz``)."""
        try:
            return bool(await self.client.ping())
        except (RedisError, OSError) as exc:
            log.warning("Redis does not answer: %s", type(exc).__name__)
            return False

    async def close(self) -> None:
        """Close the connection pool."""
        await self.client.aclose()


def namespace(bot_id: str, database_url: str) -> str:
    """``sja:<digest>:`` for one bot on one database (see the module docstring)."""
    digest = hashlib.sha256(f"{bot_id}|{database_url}".encode()).hexdigest()[:16]
    return f"sja:{digest}:"


async def connect_redis(url: str, prefix: str) -> RedisLink:
    """Connect and ping; ValueError with a one-line reason when Redis cannot be reached."""
    try:
        client = Redis.from_url(
            url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=CONNECT_TIMEOUT
        )
    except ValueError as exc:
        raise ValueError(f"REDIS_URL cannot be parsed: {exc}") from None
    try:
        await client.ping()
    except (RedisError, OSError) as exc:
        await client.aclose()
        raise ValueError(f"REDIS_URL: Redis cannot be reached ({type(exc).__name__})") from None
    return RedisLink(client, prefix)
