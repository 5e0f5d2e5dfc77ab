"""Follow-up watches (migration 0004 ``followup``, ``agency_secret``), over the db port.

A watch holds only HMACs (under a random secret kept sealed with ``DATA_KEY`` in
``agency_secret``, so a key rotation re-seals one row and every hash stays valid) and a
sealed chat id; a match is warned through the broadcast outbox.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from bot.agency.db import Database
from bot.agency.indicators import Indicator
from bot.agency.records import Watcher
from bot.agency.store import marks
from bot.privacy import IdentityKeys

FOLLOWUP_SECRET = "followup"
WATCH_DAYS = 90


class FollowupStore:
    """Start, match, queue and forget watches."""

    def __init__(self, db: Database, keys: IdentityKeys | None) -> None:
        """``keys`` may be None for the command line, which then never touches the watches."""
        self._db = db
        self._keys = keys
        self._secret: bytes | None = None

    def _require_keys(self) -> IdentityKeys:
        if self._keys is None:
            raise RuntimeError("follow-up watches need DATA_KEY (IdentityKeys)")
        return self._keys

    async def _followup_secret(self) -> bytes:
        if self._secret is None:
            rows = await self._db.fetch(
                "SELECT sealed FROM agency_secret WHERE name = ?", FOLLOWUP_SECRET
            )
            if not rows:
                sealed = self._require_keys().seal_secret(FOLLOWUP_SECRET, os.urandom(32))
                await self._db.execute(
                    "INSERT INTO agency_secret (name, sealed) VALUES (?, ?) "
                    "ON CONFLICT (name) DO NOTHING",
                    FOLLOWUP_SECRET,
                    sealed,
                )
                rows = await self._db.fetch(
                    "SELECT sealed FROM agency_secret WHERE name = ?", FOLLOWUP_SECRET
                )
            self._secret = self._require_keys().open_secret(FOLLOWUP_SECRET, str(rows[0][0]))
        return self._secret

    async def _tag(self, domain: str, value: str) -> str:
        secret = await self._followup_secret()
        message = f"{domain}:{value}".encode()
        return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]

    async def watch(
        self, chat_id: int, language: str, indicators: Iterable[Indicator], today: date
    ) -> int:
        """Remember to warn ``chat_id`` if any of ``indicators`` is confirmed (90 days)."""
        watch_key = await self._tag("chat", str(chat_id))
        hashes = [await self._tag("indicator", i.key()) for i in indicators]
        until = (today + timedelta(days=WATCH_DAYS)).isoformat()
        async with self._db.transaction() as db:
            await db.execute("DELETE FROM followup WHERE expires_on < ?", today.isoformat())
            for indicator_hash in hashes:
                await db.execute(
                    "INSERT INTO followup (watch_key, indicator_hash, sealed_chat, language, "
                    "expires_on) VALUES (?, ?, ?, ?, ?) ON CONFLICT (watch_key, indicator_hash) "
                    "DO UPDATE SET expires_on = excluded.expires_on, language = excluded.language",
                    watch_key,
                    indicator_hash,
                    self._require_keys().seal_chat(chat_id),
                    language,
                    until,
                )
        return len(hashes)

    async def forget_watches(self, chat_id: int) -> int:
        """Delete every watch of ``chat_id`` (``/forget_me``)."""
        watch_key = await self._tag("chat", str(chat_id))
        return await self._db.execute("DELETE FROM followup WHERE watch_key = ?", watch_key)

    async def watchers(self, indicators: Iterable[Indicator], today: date) -> list[Watcher]:
        """The unexpired watches on any of ``indicators``, one per chat."""
        hashes = [await self._tag("indicator", i.key()) for i in indicators]
        if not hashes:
            return []
        rows = await self._db.fetch(
            "SELECT watch_key, MIN(sealed_chat), MIN(language) FROM followup "
            f"WHERE indicator_hash IN ({marks(hashes)}) AND expires_on >= ? "
            "GROUP BY watch_key ORDER BY watch_key",
            *hashes,
            today.isoformat(),
        )
        return [Watcher(str(k), str(s), str(lang)) for k, s, lang in rows]

    async def queue_followups(
        self,
        watchers: Sequence[Watcher],
        texts: dict[str, str],
        *,
        actor: str,
        now: float,
        created_at: str,
    ) -> int | None:
        """Queue one warning per watcher through the broadcast outbox, then drop the watches.

        The delivery worker sends it like any broadcast (rate limits, 429s, blocked users);
        only these chats get it. Returns the broadcast id, or None with nobody to warn.
        """
        if not watchers:
            return None
        # The one dialect difference: PostgreSQL's broadcast columns are jsonb.
        as_json = "CAST(? AS jsonb)" if self._db.dialect == "postgres" else "?"
        async with self._db.transaction() as db:
            [(broadcast_id,)] = await db.fetch(
                "INSERT INTO broadcast (created_at, actor, texts, audience, start_at, "
                f"report_language) VALUES (?, ?, {as_json}, {as_json}, ?, 'en') RETURNING id",
                created_at,
                actor,
                json.dumps(texts, ensure_ascii=False),
                json.dumps({"followup": True}),
                now,
            )
            for watcher in watchers:
                keys = self._require_keys()
                chat_key = keys.chat_key(keys.open_chat(watcher.sealed_chat))
                language = watcher.language if watcher.language in texts else "en"
                await db.execute(
                    "INSERT INTO outbox (broadcast_id, chat_key, sealed_chat, language, due_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    broadcast_id,
                    chat_key,
                    watcher.sealed_chat,
                    language,
                    now,
                )
                await db.execute("DELETE FROM followup WHERE watch_key = ?", watcher.watch_key)
        return int(broadcast_id)
