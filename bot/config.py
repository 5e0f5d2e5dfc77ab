"""Settings from the environment (and an optional ``.env`` file), validated at start.

A missing or malformed setting stops the bot with one line naming it, instead of a stack
trace minutes later in the middle of a conversation.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.errors import ConfigError

DEFAULT_DATABASE_URL = "sqlite:///data/bot.db"


def _parse_ids(value: object) -> list[int]:
    if value is None or value == "":
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, (list, tuple)):
        return [int(v) for v in value]
    return [int(part) for part in str(value).replace(" ", "").split(",") if part]


class Settings(BaseSettings):
    """Every environment variable of DESIGN.md; names are the variables' names.

    ``FLOOD_BURST`` / ``FLOOD_RATE``: how many updates one user may send at once, and per
    second after that, before the bot slows them down. ``LOG_RETENTION_DAYS``: how long the
    anonymous question log keeps an entry.

    ``BROADCAST_RATE``: broadcast messages per second in total (default 30, Telegram's free
    limit). ``BROADCAST_PAID``: send broadcasts with ``allow_paid_broadcast`` (Telegram
    charges Stars beyond 30/s), which raises the default rate to 1000.

    ``DATA_KEY_OLD`` / ``BOT_TOKEN_OLD``: read only by ``python -m bot keys rotate``, the key
    (or, for a key derived from the token, the token) the database was written with.
    """

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=True)

    BOT_TOKEN: SecretStr | None = None
    TELEGRAM_API_BASE: str = "https://api.telegram.org"
    DATABASE_URL: str = DEFAULT_DATABASE_URL
    REDIS_URL: str | None = None
    ADMIN_IDS: Annotated[list[int], NoDecode] = Field(default_factory=list)
    EDITOR_IDS: Annotated[list[int], NoDecode] = Field(default_factory=list)
    REVIEWER_IDS: Annotated[list[int], NoDecode] = Field(default_factory=list)
    CONTENT_DIR: Path = Path("content")
    LOCALES_DIR: Path = Path("locales")
    BOT_FRAMEWORK: Literal["aiogram", "ptb"] = "aiogram"
    DATA_KEY: SecretStr | None = None
    DATA_KEY_OLD: SecretStr | None = None
    BOT_TOKEN_OLD: SecretStr | None = None
    FLOOD_BURST: int = Field(default=10, ge=1)
    FLOOD_RATE: float = Field(default=1.0, gt=0)
    LOG_RETENTION_DAYS: int = Field(default=365, ge=1)
    BROADCAST_RATE: float | None = Field(default=None, gt=0, le=1000)
    BROADCAST_PAID: bool = False
    WEBHOOK_URL: str | None = None
    WEBHOOK_SECRET: SecretStr | None = None
    WEBHOOK_LISTEN: str = "0.0.0.0:8080"
    HELPDESK_CHAT_ID: int | None = None  # the counsellors' forum group; unset: no relay

    @field_validator("WEBHOOK_URL")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        """Passed to setWebhook as given: Telegram insists on https, a local server may not."""
        if value is None or not value.strip():
            return None
        value = value.strip()
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be a full http(s) URL, e.g. https://bot.example.org/telegram")
        return value

    @field_validator("WEBHOOK_SECRET")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        """Telegram allows 1-256 characters A-Z, a-z, 0-9, _ and - in ``secret_token``."""
        if value is None or not value.get_secret_value():
            return None
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("WEBHOOK_LISTEN")
    @classmethod
    def _listen(cls, value: str) -> str:
        host, sep, port = value.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("must be host:port, e.g. 0.0.0.0:8080")
        return value

    @field_validator("REDIS_URL")
    @classmethod
    def _redis(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value.strip()

    @field_validator("ADMIN_IDS", "EDITOR_IDS", "REVIEWER_IDS", mode="before")
    @classmethod
    def _ids(cls, value: object) -> list[int]:
        try:
            return _parse_ids(value)
        except ValueError as exc:
            raise ValueError("must be comma-separated numeric Telegram user ids") from exc

    @field_validator("TELEGRAM_API_BASE")
    @classmethod
    def _base(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("BOT_TOKEN")
    @classmethod
    def _token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        token = value.get_secret_value().strip()
        head, _, tail = token.partition(":")
        if not head.isdigit() or not tail:
            raise ValueError(
                "does not look like a bot token (expected 123456:ABC... from @BotFather)"
            )
        return SecretStr(token)

    @property
    def broadcast_rate(self) -> float:
        """Messages per second the broadcast worker may send."""
        if self.BROADCAST_RATE is not None:
            return self.BROADCAST_RATE
        return 1000.0 if self.BROADCAST_PAID else 30.0

    @property
    def listen(self) -> tuple[str, int]:
        """``WEBHOOK_LISTEN`` as (host, port)."""
        host, _, port = self.WEBHOOK_LISTEN.rpartition(":")
        return host.strip("[]"), int(port)

    @property
    def webhook_path(self) -> str:
        """The path of ``WEBHOOK_URL``: the route the bot's HTTP server answers Telegram on."""
        return urlsplit(self.WEBHOOK_URL or "").path or "/"

    def role_of(self, user_id: int) -> frozenset[str]:
        """Roles of a Telegram user: ``admin`` (agency broadcaster), ``reviewer`` (reviews
        reported ads, cannot broadcast; every admin is one too) and/or ``editor``."""
        roles: set[str] = set()
        if user_id in self.ADMIN_IDS:
            roles.update(("admin", "reviewer"))
        if user_id in self.REVIEWER_IDS:
            roles.add("reviewer")
        if user_id in self.EDITOR_IDS:
            roles.add("editor")
        return frozenset(roles)


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning a validation failure into one readable ConfigError line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(part) for part in first["loc"]) or "settings"
        raise ConfigError(f"setting {name} is invalid: {first['msg']}") from None
