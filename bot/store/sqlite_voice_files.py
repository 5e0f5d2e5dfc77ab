"""Uploaded recordings on SQLite (see :mod:`bot.store.voice_files`); a mixin of SqliteStore."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING

import aiosqlite

from bot.store.sqlite_subscriptions import fetch_rows, run_sql


class SqliteVoiceFiles:
    """See :class:`bot.store.voice_files.VoiceFileStore`."""

    if TYPE_CHECKING:  # provided by SqliteStore

        def _locked(self) -> AbstractAsyncContextManager[aiosqlite.Connection]: ...

    async def voice_file_id(self, name: str, digest: str) -> str | None:
        """See :meth:`bot.store.voice_files.VoiceFileStore.voice_file_id`."""
        async with self._locked() as connection:
            rows = await fetch_rows(
                connection,
                "SELECT file_id FROM voice_files WHERE name = ? AND digest = ?",
                (name, digest),
            )
        return str(rows[0][0]) if rows else None

    async def save_voice_file_id(self, name: str, digest: str, file_id: str) -> None:
        """See :meth:`bot.store.voice_files.VoiceFileStore.save_voice_file_id`."""
        async with self._locked() as connection:
            await run_sql(
                connection,
                "INSERT INTO voice_files (name, digest, file_id) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET digest = excluded.digest, "
                "file_id = excluded.file_id",
                (name, digest, file_id),
            )
