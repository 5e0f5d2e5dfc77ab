"""Settings from the environment (and an optional ``.env`` file), validated at start.

A missing or malformed setting stops the bot with one line naming it, instead of a stack
trace minutes later in the middle of a conversation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

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
    second after that, before the bot slows them down.
    """

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=True)

    BOT_TOKEN: SecretStr | None = None
    TELEGRAM_API_BASE: str = "https://api.telegram.org"
    DATABASE_URL: str = DEFAULT_DATABASE_URL
    REDIS_URL: str | None = None
    ADMIN_IDS: Annotated[list[int], NoDecode] = Field(default_factory=list)
    EDITOR_IDS: Annotated[list[int], NoDecode] = Field(default_factory=list)
    CONTENT_DIR: Path = Path("content")
    LOCALES_DIR: Path = Path("locales")
    BOT_FRAMEWORK: Literal["aiogram", "ptb"] = "aiogram"
    DATA_KEY: SecretStr | None = None
    FLOOD_BURST: int = Field(default=10, ge=1)
    FLOOD_RATE: float = Field(default=1.0, gt=0)

    @field_validator("ADMIN_IDS", "EDITOR_IDS", mode="before")
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

    def role_of(self, user_id: int) -> frozenset[str]:
        """Roles of a Telegram user: ``admin`` (agency broadcaster) and/or ``editor``."""
        roles = set()
        if user_id in self.ADMIN_IDS:
            roles.add("admin")
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
