"""Volunteers' recordings sent as voice notes: uploaded once, then Telegram's ``file_id``.

Telegram keeps every uploaded file and answers with a ``file_id`` that any later message of
the same bot may send instead of the bytes, so a recording listened to by thousands is
uploaded once. The ``file_id`` is kept in the store (shared by replicas) with the digest
of the bytes it was made from; a re-recorded file is uploaded again.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.content.audio import file_digest
from bot.content.model import Recording
from bot.store.voice_files import VoiceFileStore


class VoiceNotes:
    """Where delivery gets a recording's bytes or ``file_id``, and leaves the new ``file_id``."""

    def __init__(self, store: VoiceFileStore, content_dir: Path) -> None:
        self._store = store
        self._content_dir = content_dir

    async def file_id(self, recording: Recording) -> str | None:
        """The ``file_id`` of an earlier upload of exactly these bytes, or None."""
        return await self._store.voice_file_id(recording.file, recording.digest)

    async def read(self, recording: Recording) -> tuple[bytes, str]:
        """The recording's bytes as they are on disk now, and their digest."""
        data = await asyncio.to_thread((self._content_dir / recording.file).read_bytes)
        return data, file_digest(data)

    async def uploaded(self, recording: Recording, digest: str, file_id: str) -> None:
        """Remember what Telegram called the upload of ``recording`` with ``digest``."""
        await self._store.save_voice_file_id(recording.file, digest, file_id)
