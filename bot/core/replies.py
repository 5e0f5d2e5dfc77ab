"""What the core answers: plain view models that each adapter turns into API calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.core.state import UserState

if TYPE_CHECKING:
    from bot.content.model import Recording
    from bot.core.sharing import CardPicture

CALLBACK_DATA_MAX_BYTES = 64


@dataclass(frozen=True)
class Button:
    """An inline button; ``data`` is at most 64 bytes of UTF-8 (Telegram's limit)."""

    label: str
    data: str
    # Set: the button opens Telegram's chat picker with the bot's inline results for this
    # query (``switch_inline_query``) instead of sending ``data`` back; ``data`` then serves
    # the doors without inline mode (terminal, preview).
    switch_inline: str | None = None

    def __post_init__(self) -> None:
        size = len(self.data.encode("utf-8"))
        if not 1 <= size <= CALLBACK_DATA_MAX_BYTES:
            raise ValueError(f"callback data must be 1-64 bytes, got {size}: {self.data!r}")


@dataclass(frozen=True)
class Reply:
    """One message to show: Telegram-HTML ``text`` and rows of ``buttons``.

    ``replace`` asks the adapter to edit the message whose button was pressed instead of
    sending a new one, so a checklist stays one tidy message. ``direction`` is ``rtl`` for
    Urdu and Pashto, for adapters (the web preview) that lay text out themselves.
    ``photo`` (PNG bytes) makes it a picture with ``text`` as its caption; ``voice`` (a
    volunteer's recording) makes it a voice note, with ``text`` as its caption.
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    replace: bool = False
    direction: str = "ltr"
    photo: bytes | None = None
    card: CardPicture | None = None  # a picture card the service draws into ``photo``
    voice: Recording | None = None


@dataclass(frozen=True)
class LogRecord:
    """An anonymous question-log row the service should write (it adds the hour).

    ``kind``: question, unanswered, scan, report or feedback; ``text`` is already scrubbed.
    """

    kind: str
    language: str
    topic: str | None = None
    flags: tuple[str, ...] = ()
    helpful: bool | None = None
    text: str = ""


@dataclass(frozen=True)
class Outcome:
    """The result of one step: replies to send, the state to keep, and side effects.

    ``state`` is ``None`` when everything about the user must be deleted (``/forget_me``).
    ``toast`` is the short notice shown when answering a button press.
    ``effects`` are requests the core cannot carry out itself (they need I/O), for example
    ``("subscribe", "en")``; the conversation service performs them. ``log`` holds
    anonymous question-log rows to write.
    """

    replies: tuple[Reply, ...]
    state: UserState | None
    toast: str | None = None
    effects: tuple[tuple[str, ...], ...] = field(default=())
    log: tuple[LogRecord, ...] = ()
