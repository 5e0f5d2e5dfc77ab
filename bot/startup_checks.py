"""Before the bot starts: is every service it needs reachable? One clear line if not.

DESIGN.md: "an unreachable Telegram, database or Redis at start stops the bot with one clear
line naming it (no traceback)". A framework left to find out by itself prints 50-116 lines
of traceback (and, for aiogram, an unclosed-session error on top); these checks ask once,
name the setting to look at, and never repeat a secret (the token is in Telegram's URLs,
a password may be in DATABASE_URL or REDIS_URL).
"""

from __future__ import annotations

import logging
import sqlite3

import httpx

from bot.config import Settings
from bot.errors import ConfigError

TIMEOUT_SECONDS = 10.0


def _reason(exc: BaseException) -> str:
    """The error's type and, for OS errors, the system's own words (no URL, no secret)."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{type(exc).__name__}: {exc.strerror}"
    return type(exc).__name__


async def check_telegram(settings: Settings) -> None:
    """Call ``getMe``; ConfigError naming TELEGRAM_API_BASE or BOT_TOKEN when it fails."""
    assert settings.BOT_TOKEN is not None
    httpx_log = logging.getLogger("httpx")  # it logs every URL at INFO, and ours hold the token
    if httpx_log.level == logging.NOTSET:
        httpx_log.setLevel(logging.WARNING)
    base = settings.TELEGRAM_API_BASE
    url = f"{base}/bot{settings.BOT_TOKEN.get_secret_value()}/getMe"
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
            answer = await client.get(url)
    except httpx.HTTPError as exc:
        raise ConfigError(
            f"Telegram is unreachable at TELEGRAM_API_BASE={base} ({type(exc).__name__}): "
            "check the network, a proxy, or TELEGRAM_API_BASE"
        ) from None
    if answer.status_code in (401, 404):
        raise ConfigError(
            f"BOT_TOKEN was refused by Telegram ({answer.status_code}): the token is wrong or "
            "was revoked; copy it again from @BotFather"
        )
    if answer.status_code != 200:
        raise ConfigError(
            f"Telegram at TELEGRAM_API_BASE={base} answered {answer.status_code}: "
            "try again in a minute, or check TELEGRAM_API_BASE"
        )


async def check_redis(url: str | None) -> None:
    """PING Redis when REDIS_URL is set; ConfigError naming REDIS_URL when it fails."""
    if not url:
        return
    from redis.asyncio import Redis
    from redis.exceptions import RedisError

    try:
        client = Redis.from_url(
            url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
        )
    except ValueError:
        raise ConfigError("setting REDIS_URL is invalid: expected redis://host:port/db") from None
    try:
        await client.ping()
    except (RedisError, OSError) as exc:
        raise ConfigError(f"Redis at REDIS_URL is unreachable ({_reason(exc)})") from None
    finally:
        await client.aclose()


def store_unreachable(exc: BaseException, database_url: str) -> ConfigError | None:
    """The one line for a database that cannot be opened, or None for an error of ours."""
    module = type(exc).__module__
    postgres = database_url.startswith(("postgres://", "postgresql://"))
    if postgres and (isinstance(exc, (OSError, TimeoutError)) or module.startswith("asyncpg")):
        return ConfigError(f"PostgreSQL at DATABASE_URL is unreachable ({_reason(exc)})")
    if not postgres and isinstance(exc, (OSError, sqlite3.Error)):
        return ConfigError(
            f"the SQLite database at DATABASE_URL cannot be opened ({_reason(exc)}: {exc})"
        )
    if isinstance(exc, RuntimeError) and "schema version" in str(exc):
        return ConfigError(f"DATABASE_URL: {exc}")
    return None
