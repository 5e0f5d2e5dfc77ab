"""Telegram's ``file_id`` of each recording the bot has uploaded, so it is uploaded only once.

A row is keyed by the recording's file (``audio/ur/<key>.ogg``) and remembers the digest of
the bytes that were uploaded: a re-recorded file has another digest, so its old ``file_id``
is never sent again. Nothing here is about users.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.store.database import Database


class VoiceFileStore(Protocol):
    """Uploaded recordings and their Telegram ``file_id``."""

    async def voice_file_id(self, name: str, digest: str) -> str | None:
        """The ``file_id`` uploaded for these bytes of ``name``, or None (never, or changed)."""
        ...

    async def save_voice_file_id(self, name: str, digest: str, file_id: str) -> None:
        """Remember the ``file_id`` Telegram gave the upload of ``name`` with ``digest``."""
        ...


class SqlVoiceFiles:
    """:class:`VoiceFileStore` written once over the database port (a part of ``SqlStore``)."""

    _db: Database

    async def voice_file_id(self, name: str, digest: str) -> str | None:
        """See :meth:`VoiceFileStore.voice_file_id`."""
        value = await self._db.fetchval(
            "SELECT file_id FROM voice_files WHERE name = ? AND digest = ?", name, digest
        )
        return None if value is None else str(value)

    async def save_voice_file_id(self, name: str, digest: str, file_id: str) -> None:
        """See :meth:`VoiceFileStore.save_voice_file_id`."""
        await self._db.execute(
            "INSERT INTO voice_files (name, digest, file_id) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET digest = excluded.digest, file_id = excluded.file_id",
            name,
            digest,
            file_id,
        )
