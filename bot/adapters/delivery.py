"""Delivering an Outcome through any Telegram library, written once.

Each adapter implements the calls of :class:`bot.ports.ChatApi` and maps its library's errors
into :mod:`bot.errors`; how replies become sends and edits, long texts are split, and 429s
are waited out lives here, and right-to-left replies are made readable
(:func:`bot.core.bidi.for_reply`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Protocol, TypeVar

from bot.adapters.telegram_text import split_message
from bot.content.markup import visible_length
from bot.core import bidi
from bot.core.replies import Outcome, Reply
from bot.errors import (
    EditFailed,
    FileRejected,
    RecipientBlocked,
    RecipientGone,
    RetryLater,
    VoiceRefused,
)
from bot.ports import ChatApi

if TYPE_CHECKING:
    from bot.content.model import Recording

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_ATTEMPTS = 4
TOAST_LIMIT = 200
CAPTION_LIMIT = 1024


class VoiceSource(Protocol):
    """Where a recording's ``file_id`` or bytes come from (:class:`bot.voice_notes.VoiceNotes`)."""

    async def file_id(self, recording: Recording) -> str | None:
        """What to send instead of the bytes, when Telegram already has them."""
        ...

    async def read(self, recording: Recording) -> tuple[bytes, str]:
        """The bytes to upload and their digest."""
        ...

    async def uploaded(self, recording: Recording, digest: str, file_id: str) -> None:
        """Telegram's name for the upload, for next time."""
        ...


async def honouring_retry_after(call: Callable[[], Awaitable[T]]) -> T:
    """Run ``call``; on a 429 wait the given ``retry_after`` and try again, a few times."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return await call()
        except RetryLater as exc:
            if attempt == MAX_ATTEMPTS:
                raise
            log.warning("Telegram asked to wait %.1f s (attempt %d)", exc.retry_after, attempt)
            await asyncio.sleep(exc.retry_after)
    raise AssertionError("unreachable")


async def deliver(
    api: ChatApi,
    chat_id: int,
    outcome: Outcome,
    *,
    pressed_message_id: int | None = None,
    voices: VoiceSource | None = None,
) -> None:
    """Send or edit the outcome's replies; a blocked or vanished chat ends delivery quietly.

    ``voices`` gives recordings their bytes or ``file_id``; without it (a door with no
    Telegram behind it) a recording's caption is sent as text.
    """
    try:
        for index, reply in enumerate(outcome.replies):
            if reply.voice is not None and voices is not None:
                await _deliver_voice(api, chat_id, reply, voices)
                continue
            edit_target = pressed_message_id if (reply.replace and index == 0) else None
            await _deliver_one(api, chat_id, reply, edit_target)
    except (RecipientBlocked, RecipientGone) as exc:
        log.info("chat unreachable, reply dropped: %s", exc)


async def _deliver_one(api: ChatApi, chat_id: int, reply: Reply, edit_target: int | None) -> None:
    """Edit the pressed message with the first part (or send it), then send any other parts."""
    # Every reply of every door passes here: right-to-left ones get their numbers, dates and
    # links isolated once, whichever part of the bot built them (core, agency, helpdesk).
    reply = bidi.for_reply(reply)
    if reply.photo is not None:
        await _deliver_photo(api, chat_id, reply, reply.photo)
        return
    chunks = split_message(reply.text)
    last = len(chunks) - 1
    start = 0
    if edit_target is not None:
        first_buttons = reply.buttons if last == 0 else ()
        try:
            await honouring_retry_after(
                lambda: api.edit(chat_id, edit_target, chunks[0], first_buttons)
            )
            start = 1
        except EditFailed as exc:
            if exc.unchanged:
                start = 1
            else:
                log.info("edit refused, sending a new message instead: %s", exc)
    for position in range(start, len(chunks)):
        buttons = reply.buttons if position == last else ()
        chunk = chunks[position]
        await honouring_retry_after(partial(api.send, chat_id, chunk, buttons))


async def _deliver_photo(api: ChatApi, chat_id: int, reply: Reply, photo: bytes) -> None:
    """A picture with the text as caption; a text too long for a caption follows it."""
    fits = visible_length(reply.text) <= CAPTION_LIMIT
    caption, buttons = (reply.text, reply.buttons) if fits else ("", ())
    await honouring_retry_after(lambda: api.send_photo(chat_id, photo, caption, buttons))
    if not fits:
        await _deliver_one(api, chat_id, replace(reply, photo=None), None)


async def _deliver_voice(api: ChatApi, chat_id: int, reply: Reply, voices: VoiceSource) -> None:
    """A recording as a voice note; its words instead when the user accepts no voice messages."""
    try:
        await _send_voice(api, chat_id, reply, voices)
    except VoiceRefused as exc:
        log.info("voice messages are refused in this chat, the words are sent: %s", exc)
        await _deliver_one(api, chat_id, replace(reply, voice=None), None)


async def _send_voice(api: ChatApi, chat_id: int, reply: Reply, voices: VoiceSource) -> None:
    """A recording as a voice note: by ``file_id`` when uploaded before, else uploaded now."""
    recording = reply.voice
    assert recording is not None
    caption = reply.text if visible_length(reply.text) <= CAPTION_LIMIT else ""
    known = await voices.file_id(recording)
    if known is not None:
        try:
            await honouring_retry_after(
                lambda: api.send_voice(chat_id, known, recording.duration, caption, reply.buttons)
            )
            return
        except FileRejected as exc:
            log.info("a saved file_id was refused, uploading the recording again: %s", exc)
    try:
        data, digest = await voices.read(recording)
    except OSError as exc:  # removed since the content was loaded; the reload is on its way
        log.warning("a recording could not be read, its words are sent instead: %s", exc)
        await _deliver_one(api, chat_id, replace(reply, voice=None), None)
        return
    file_id = await honouring_retry_after(
        lambda: api.send_voice(chat_id, data, recording.duration, caption, reply.buttons)
    )
    await voices.uploaded(recording, digest, file_id)


async def answer_press(api: ChatApi, press_id: str, toast: str | None) -> None:
    """Answer a press at once (the user sees a spinner until then); failures are only logged."""
    text = toast[:TOAST_LIMIT] if toast else None
    try:
        await honouring_retry_after(lambda: api.answer_press(press_id, text))
    except Exception as exc:  # an unanswered spinner must never stop the reply itself
        log.warning("could not answer a button press: %s", exc)
