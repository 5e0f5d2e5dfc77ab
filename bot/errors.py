"""The bot's own errors, in one place.

Adapters map their framework's exceptions into :class:`DeliveryError` subclasses once, so
the rest of the bot (broadcast worker, conversation service) handles one vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass


class BotError(Exception):
    """Base of every error the bot raises on purpose."""


class ConfigError(BotError):
    """A setting is missing or malformed; the message names it in one line."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content or locale file, located for a volunteer to fix."""

    file: str
    line: int | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message}"


class ContentError(BotError):
    """Content or catalogs failed validation; ``problems`` says where and what."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class DeliveryError(BotError):
    """Sending a message failed."""


class RetryLater(DeliveryError):
    """Telegram answered 429: nothing may be sent for ``retry_after`` seconds."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(f"retry after {retry_after} s")


class RecipientBlocked(DeliveryError):
    """Telegram answered 403: the user blocked the bot; never retry."""


class RecipientGone(DeliveryError):
    """Telegram answered 400 "chat not found" (or a deactivated user); never retry."""


class TransientFailure(DeliveryError):
    """A network error or 5xx: worth a bounded number of retries with backoff."""


class EditFailed(DeliveryError):
    """An edit was refused; ``unchanged`` when the message already shows that content."""

    def __init__(self, description: str, *, unchanged: bool) -> None:
        self.unchanged = unchanged
        super().__init__(description)


class FileRejected(DeliveryError):
    """Telegram refused a ``file_id`` sent again (another bot's, or one it forgot): upload anew."""


class VoiceRefused(DeliveryError):
    """The user does not accept voice messages (a Telegram privacy setting): send the words."""
