"""What tests look at: snapshots of bot messages, callback queries, API calls.

These are plain values, separate from the emulator's mutable state, so an assertion
made on ``msg`` is about the message *as it was* when the bot sent or edited it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SentMessage:
    """One version of a message the bot sent (a new message or an edit of one).

    ``text``/``caption`` are the visible text (tags stripped, entities decoded);
    ``html`` is the text or caption exactly as the bot sent it.
    """

    chat_id: int
    message_id: int
    raw: dict[str, Any]
    html: str | None = None
    parse_mode: str | None = None
    photo: bytes | None = None
    document: bytes | None = None
    document_name: str | None = None
    reply_keyboard: dict[str, Any] | None = None
    voice: bytes | None = None
    edited: bool = False

    @property
    def text(self) -> str | None:
        return self.raw.get("text")

    @property
    def caption(self) -> str | None:
        return self.raw.get("caption")

    @property
    def content(self) -> str:
        """Text or caption, whichever the message has ("" for neither)."""
        return self.raw.get("text") or self.raw.get("caption") or ""

    @property
    def entities(self) -> list[dict[str, Any]]:
        return list(self.raw.get("entities") or self.raw.get("caption_entities") or [])

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        return self.raw.get("reply_markup")

    @property
    def inline_keyboard(self) -> list[list[dict[str, Any]]]:
        markup = self.raw.get("reply_markup") or {}
        return [list(row) for row in markup.get("inline_keyboard", [])]

    @property
    def buttons(self) -> list[list[str]]:
        """Labels of the inline keyboard (or else the reply keyboard), row by row."""
        markup = self.raw.get("reply_markup") or self.reply_keyboard or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [[b["text"] if isinstance(b, dict) else str(b) for b in row] for row in rows]

    @property
    def button_data(self) -> list[list[str | None]]:
        """``callback_data`` of the inline buttons, row by row (None for other buttons)."""
        return [[b.get("callback_data") for b in row] for row in self.inline_keyboard]

    @property
    def flat_buttons(self) -> list[str]:
        return [label for row in self.buttons for label in row]

    def button(self, label: str) -> dict[str, Any]:
        """The inline button with exactly this label (AssertionError if absent)."""
        for row in self.inline_keyboard:
            for b in row:
                if b.get("text") == label:
                    return b
        raise AssertionError(f"no button {label!r} on message {self.message_id}: {self.buttons}")

    def describe(self) -> str:
        """One line for failure dumps."""
        kind = "edit of" if self.edited else "message"
        body = self.content
        if self.photo is not None:
            body = f"[photo {len(self.photo)} bytes] {body}"
        elif self.raw.get("photo"):
            body = f"[photo] {body}"
        if self.voice is not None or self.raw.get("voice"):
            body = f"[voice {len(self.voice or b'')} bytes] {body}"
        if self.document is not None or self.raw.get("document"):
            body = f"[document {self.document_name}] {body}"
        line = f"{kind} #{self.message_id}: {body!r}"
        if self.buttons:
            line += f" buttons={self.buttons}"
        return line


@dataclass
class CallbackRecord:
    """A callback query a user made, and what became of it (times are monotonic).

    ``created_at`` is the press; Telegram's answer deadline runs from then, so a bot
    that is slow to *fetch* the update loses time too.
    """

    id: str
    chat_id: int
    message_id: int
    user_id: int
    data: str | None
    created_at: float
    delivered_at: float | None = None
    answered_at: float | None = None
    answer: dict[str, Any] = field(default_factory=dict)

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    @property
    def answer_text(self) -> str | None:
        return self.answer.get("text")

    @property
    def show_alert(self) -> bool:
        return bool(self.answer.get("show_alert"))


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made: method, target chat, outcome (for dumps and asserts)."""

    time: float
    method: str
    status: int
    chat_id: int | None = None
    description: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        outcome = "ok" if self.status == 200 else f"{self.status} {self.description}"
        shown = {k: v for k, v in self.params.items() if k not in ("chat_id",)}
        text = json.dumps(shown, ensure_ascii=False, default=str)
        if len(text) > 160:
            text = text[:157] + "..."
        return f"{self.method}({text}) -> {outcome}"


@dataclass(frozen=True)
class BotEvent:
    """Something the bot did to a chat, in order: a new message, an edit, a deletion."""

    seq: int
    kind: str
    chat_id: int
    time: float
    message: SentMessage | None = None
    message_id: int | None = None
