"""Browser sessions of the preview: one pretend Telegram user per browser, and what it was shown.

Each browser gets a random session token (a cookie); its user id is derived from the token,
so the conversation goes through :class:`~bot.chat_service.ChatService` and the store exactly
like a Telegram user's. Replies are delivered through :func:`bot.adapters.delivery.deliver`
into a :class:`PreviewApi`, which keeps the transcript the page shows.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from bot.content.model import Recording
from bot.errors import EditFailed
from bot.ports import Rows

MAX_SESSIONS = 200
MAX_MESSAGES = 300


@dataclass
class ShownMessage:
    """A message on the page, as Telegram would show it."""

    id: int
    sender: str  # "bot" or "user"
    text: str
    buttons: Rows = ()
    direction: str = "ltr"
    audio: str | None = None  # a voice note: the URL the page plays it from

    def to_json(self) -> dict[str, Any]:
        """What the page needs to draw the message."""
        return {
            "id": self.id,
            "from": self.sender,
            "text": self.text,
            "direction": self.direction,
            "buttons": [[{"label": b.label, "data": b.data} for b in row] for row in self.buttons],
            **({"audio": self.audio} if self.audio else {}),
        }


def user_id_for(token: str) -> int:
    """A Telegram-like positive user id, the same for the same browser session."""
    return int.from_bytes(hashlib.sha256(token.encode("ascii")).digest()[:6], "big") or 1


@dataclass
class PreviewSession:
    """One browser: its pretend user and the messages shown to it."""

    token: str
    language_hint: str | None = None
    messages: OrderedDict[int, ShownMessage] = field(default_factory=OrderedDict)
    next_id: int = 1

    @property
    def user_id(self) -> int:
        """The pretend Telegram user id of this browser."""
        return user_id_for(self.token)

    def add(
        self, sender: str, text: str, buttons: Rows = (), direction: str = "auto"
    ) -> ShownMessage:
        """Append a message to the transcript."""
        message = ShownMessage(self.next_id, sender, text, buttons, direction)
        self.next_id += 1
        self.messages[message.id] = message
        while len(self.messages) > MAX_MESSAGES:
            self.messages.popitem(last=False)
        return message


class PreviewApi:
    """:class:`bot.ports.ChatApi` for the page: sends and edits go to the transcript.

    As strict as Telegram: editing a message that is gone, or that would not change, fails
    the way Telegram fails, so delivery takes the same paths it takes in production.
    """

    def __init__(self, session: PreviewSession) -> None:
        self.session = session
        self.direction = "ltr"
        self.ops: list[dict[str, Any]] = []
        self.toast: str | None = None

    async def send(self, chat_id: int, text: str, buttons: Rows) -> int:
        """Show a new bot message."""
        message = self.session.add("bot", text, buttons, self.direction)
        self.ops.append({"op": "send", "message": message.to_json()})
        return message.id

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Rows) -> None:
        """Change a bot message in place."""
        message = self.session.messages.get(message_id)
        if message is None or message.sender != "bot":
            raise EditFailed("Bad Request: message to edit not found", unchanged=False)
        if (message.text, message.buttons) == (text, buttons):
            raise EditFailed("Bad Request: message is not modified", unchanged=True)
        message.text, message.buttons, message.direction = text, buttons, self.direction
        self.ops.append({"op": "edit", "message": message.to_json()})

    async def send_photo(self, chat_id: int, photo: bytes, caption: str, buttons: Rows) -> int:
        """Show a picture's caption and buttons: the page shows text only, so a share card
        appears as its caption (tests/e2e/test_sharing_on_telegram.py checks the card on Telegram)."""
        return await self.send(chat_id, caption, buttons)

    async def answer_press(self, press_id: str, toast: str | None) -> None:
        """Remember the short notice to show over the chat."""
        self.toast = toast

    async def send_voice(
        self, chat_id: int, voice: bytes | str, duration: int, caption: str, buttons: Rows
    ) -> str:
        """A voice note the page can play: ``voice`` is its URL (see :class:`PreviewVoices`)."""
        if not isinstance(voice, str):
            raise ValueError("the preview plays recordings from their URL, never uploads")
        message = self.session.add("bot", caption, buttons, self.direction)
        message.audio = voice
        self.ops.append({"op": "send", "message": message.to_json()})
        return voice


class PreviewVoices:
    """:class:`bot.adapters.delivery.VoiceSource` for the page: a recording's "file_id" is the
    URL the Record page serves it from, so nothing is uploaded or cached."""

    async def file_id(self, recording: Recording) -> str | None:
        """The URL of the recording on this preview."""
        return f"/api/recordings/{recording.language}/{recording.key}.ogg"

    async def read(self, recording: Recording) -> tuple[bytes, str]:
        """Never needed: :meth:`file_id` always answers."""
        raise FileNotFoundError(recording.file)

    async def uploaded(self, recording: Recording, digest: str, file_id: str) -> None:
        """Nothing to remember."""


class PreviewSessions:
    """The sessions of every browser that opened the page, the oldest forgotten first."""

    def __init__(self) -> None:
        self._sessions: OrderedDict[str, PreviewSession] = OrderedDict()

    @staticmethod
    def new_token() -> str:
        """A fresh, unguessable session token."""
        return secrets.token_urlsafe(18)

    def get(self, token: str, language_hint: str | None = None) -> PreviewSession:
        """The session of ``token``, created on first use."""
        session = self._sessions.get(token)
        if session is None:
            session = self._sessions[token] = PreviewSession(token, language_hint)
            while len(self._sessions) > MAX_SESSIONS:
                self._sessions.popitem(last=False)
        self._sessions.move_to_end(token)
        return session

    def drop(self, token: str) -> None:
        """Forget a session (the page's "New user")."""
        self._sessions.pop(token, None)
