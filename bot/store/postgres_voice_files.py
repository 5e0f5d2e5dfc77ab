"""Uploaded recordings on PostgreSQL (see :mod:`bot.store.voice_files`); a mixin of PostgresStore."""

from __future__ import annotations

from typing import TYPE_CHECKING

import asyncpg


class PostgresVoiceFiles:
    """See :class:`bot.store.voice_files.VoiceFileStore`."""

    if TYPE_CHECKING:  # provided by PostgresStore

        def _require(self) -> asyncpg.Pool: ...

    async def voice_file_id(self, name: str, digest: str) -> str | None:
        """See :meth:`bot.store.voice_files.VoiceFileStore.voice_file_id`."""
        value = await self._require().fetchval(
            "SELECT file_id FROM voice_files WHERE name = $1 AND digest = $2", name, digest
        )
        return None if value is None else str(value)

    async def save_voice_file_id(self, name: str, digest: str, file_id: str) -> None:
        """See :meth:`bot.store.voice_files.VoiceFileStore.save_voice_file_id`."""
        await self._require().execute(
            "INSERT INTO voice_files (name, digest, file_id) VALUES ($1, $2, $3) "
            "ON CONFLICT (name) DO UPDATE SET digest = EXCLUDED.digest, file_id = EXCLUDED.file_id",
            name,
            digest,
            file_id,
        )
