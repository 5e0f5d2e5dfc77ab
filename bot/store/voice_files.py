"""Telegram's ``file_id`` of each recording the bot has uploaded, so it is uploaded only once.

A row is keyed by the recording's file (``audio/ur/<key>.ogg``) and remembers the digest of
the bytes that were uploaded: a re-recorded file has another digest, so its old ``file_id``
is never sent again. Nothing here is about users.
"""

from __future__ import annotations

from typing import Protocol


class VoiceFileStore(Protocol):
    """Uploaded recordings and their Telegram ``file_id``."""

    async def voice_file_id(self, name: str, digest: str) -> str | None:
        """The ``file_id`` uploaded for these bytes of ``name``, or None (never, or changed)."""
        ...

    async def save_voice_file_id(self, name: str, digest: str, file_id: str) -> None:
        """Remember the ``file_id`` Telegram gave the upload of ``name`` with ``digest``."""
        ...
