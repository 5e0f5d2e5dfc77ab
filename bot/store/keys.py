"""What the store keeps about ``DATA_KEY``, and re-keying every id at rest in one pass.

The store never sees a key: it records a fingerprint (``IdentityKeys.fingerprint``) and,
for a rotation, asks a :class:`Rekey` (made from the old and the new key by
:mod:`bot.keys.rotation`) for the new value of each keyed hash and sealed id. The pass, like
the rest of :class:`SqlKeys`, is written once over the database port, and runs inside one
transaction, so a rotation either re-keys every row or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.store.database import Database


class KeyMismatch(RuntimeError):
    """The store was written with another key than the one a rotation names as the old one."""


@dataclass(frozen=True)
class RecordedKey:
    """The fingerprint a store was written with, and which setting the key came from."""

    fingerprint: str
    source: str  # "DATA_KEY" or "BOT_TOKEN"


@dataclass(frozen=True)
class RekeyCount:
    """How many rows of each kind a rotation re-keyed; ``states_dropped`` had no sealed id."""

    states: int = 0
    states_dropped: int = 0
    subscriptions: int = 0
    outbox: int = 0
    broadcasts: int = 0
    audit: int = 0
    followups: int = 0
    helpdesk_cases: int = 0


class Rekey(Protocol):
    """New values under the new key for values made under the old one."""

    old_fingerprint: str
    new: RecordedKey

    def user(self, sealed_user: str) -> tuple[str, str]:
        """New ``(user_key, sealed_user)`` of a state row; SealError if not the old key's."""
        ...

    def chat(self, sealed_chat: str) -> tuple[str, str]:
        """New ``(chat_key, sealed_chat)`` of a chat; SealError if not the old key's."""
        ...

    def reseal_chat(self, sealed_chat: str) -> str:
        """The chat id sealed again under the new key."""
        ...

    def actor(self, actor: str) -> str:
        """The new audit name of an admin (unchanged when it is ``cli`` or unknown)."""
        ...

    def secret(self, name: str, sealed: str) -> str:
        """A stored secret sealed again under the new key; SealError if not the old key's."""
        ...

    def user_of_chat(self, sealed_chat: str) -> tuple[str, str]:
        """New ``(user_key, sealed_chat)`` of a private chat (its id is the user's id)."""
        ...

    def orphan_key(self) -> str:
        """A fresh random key for a finished outbox row whose chat is not subscribed any more."""
        ...


class KeyStore(Protocol):
    """The part of the store that knows about keys (see :mod:`bot.keys`)."""

    async def recorded_key(self) -> RecordedKey | None:
        """The key the store was written with, or ``None`` before any was recorded."""
        ...

    async def record_key(self, key: RecordedKey) -> None:
        """Record the key when none is recorded yet (first start)."""
        ...

    async def sealed_sample(self) -> str | None:
        """One sealed chat id, to try a key on a store written before fingerprints."""
        ...

    async def seal_state_owner(self, user_key: str, sealed_user: str) -> None:
        """Keep the sealed user id beside a state row that has none yet."""
        ...

    async def rekey(self, rekey: Rekey) -> RekeyCount:
        """Re-key every keyed hash and sealed id in one transaction; KeyMismatch changes nothing."""
        ...


async def rekey_rows(db: Database, rekey: Rekey) -> RekeyCount:
    """Rewrite every id at rest from the old key to the new one; see :class:`KeyStore.rekey`."""
    recorded = await db.fetch("SELECT fingerprint FROM data_key WHERE id = 1")
    if recorded and recorded[0][0] != rekey.old_fingerprint:
        raise KeyMismatch("the store was not written with the old key")
    states = await db.fetch("SELECT user_key, sealed_user FROM conversation_state")
    moved = [(*rekey.user(sealed), key) for key, sealed in states if sealed]
    dropped = [(key,) for key, sealed in states if not sealed]
    await db.execute_many(
        "UPDATE conversation_state SET user_key = ?, sealed_user = ? WHERE user_key = ?", moved
    )
    await db.execute_many("DELETE FROM conversation_state WHERE user_key = ?", dropped)

    chats: dict[str, str] = {}
    subscribed = []
    for key, sealed in await db.fetch("SELECT chat_key, sealed_chat FROM subscription"):
        new_key, new_sealed = rekey.chat(sealed)
        chats[key] = new_key
        subscribed.append((new_key, new_sealed, key))
    await db.execute_many(
        "UPDATE subscription SET chat_key = ?, sealed_chat = ? WHERE chat_key = ?", subscribed
    )

    copies = []
    for broadcast_id, key, sealed in await db.fetch(
        "SELECT broadcast_id, chat_key, sealed_chat FROM outbox"
    ):
        if sealed:
            new_key, new_sealed = rekey.chat(sealed)
        else:
            new_key, new_sealed = chats.get(key) or rekey.orphan_key(), ""
        copies.append((new_key, new_sealed, broadcast_id, key))
    await db.execute_many(
        "UPDATE outbox SET chat_key = ?, sealed_chat = ? WHERE broadcast_id = ? AND chat_key = ?",
        copies,
    )

    broadcasts = [
        (rekey.actor(actor), rekey.reseal_chat(report) if report else report, broadcast_id)
        for broadcast_id, actor, report in await db.fetch(
            "SELECT id, actor, report_chat FROM broadcast"
        )
    ]
    await db.execute_many(
        "UPDATE broadcast SET actor = ?, report_chat = ? WHERE id = ?", broadcasts
    )
    audit = [
        (rekey.actor(actor), entry_id)
        for entry_id, actor in await db.fetch("SELECT id, actor FROM audit_log")
    ]
    await db.execute_many("UPDATE audit_log SET actor = ? WHERE id = ?", audit)

    # The agency tables: their hashing secret is sealed with DATA_KEY (the watch and
    # indicator hashes are made with that secret, so they stay valid once it is re-sealed).
    secrets_ = [
        (rekey.secret(str(name), str(sealed)), name)
        for name, sealed in await db.fetch("SELECT name, sealed FROM agency_secret")
    ]
    await db.execute_many("UPDATE agency_secret SET sealed = ? WHERE name = ?", secrets_)
    followups = [
        (rekey.reseal_chat(str(sealed)), watch, indicator)
        for watch, indicator, sealed in await db.fetch(
            "SELECT watch_key, indicator_hash, sealed_chat FROM followup"
        )
    ]
    await db.execute_many(
        "UPDATE followup SET sealed_chat = ? WHERE watch_key = ? AND indicator_hash = ?",
        followups,
    )
    cases = [
        (*rekey.user_of_chat(str(sealed)), case_no)
        for case_no, sealed in await db.fetch("SELECT case_no, chat_sealed FROM helpdesk_case")
    ]
    await db.execute_many(
        "UPDATE helpdesk_case SET user_key = ?, chat_sealed = ? WHERE case_no = ?", cases
    )

    await db.execute("DELETE FROM data_key")
    await db.execute(
        "INSERT INTO data_key (id, fingerprint, source) VALUES (1, ?, ?)",
        rekey.new.fingerprint,
        rekey.new.source,
    )
    return RekeyCount(
        len(moved),
        len(dropped),
        len(subscribed),
        len(copies),
        len(broadcasts),
        len(audit),
        len(followups),
        len(cases),
    )


class SqlKeys:
    """:class:`KeyStore` written once over the database port (a part of ``SqlStore``)."""

    _db: Database

    async def recorded_key(self) -> RecordedKey | None:
        """See :meth:`KeyStore.recorded_key`."""
        row = await self._db.fetchrow("SELECT fingerprint, source FROM data_key")
        return None if row is None else RecordedKey(str(row[0]), str(row[1]))

    async def record_key(self, key: RecordedKey) -> None:
        """See :meth:`KeyStore.record_key`."""
        await self._db.execute(
            "INSERT INTO data_key (id, fingerprint, source) VALUES (1, ?, ?) "
            "ON CONFLICT (id) DO NOTHING",
            key.fingerprint,
            key.source,
        )

    async def sealed_sample(self) -> str | None:
        """See :meth:`KeyStore.sealed_sample`."""
        value = await self._db.fetchval(
            "SELECT sealed_chat FROM subscription UNION ALL "
            "SELECT sealed_user FROM conversation_state WHERE sealed_user IS NOT NULL LIMIT 1"
        )
        return None if value is None else str(value)

    async def seal_state_owner(self, user_key: str, sealed_user: str) -> None:
        """See :meth:`KeyStore.seal_state_owner`."""
        await self._db.execute(
            "UPDATE conversation_state SET sealed_user = ? "
            "WHERE user_key = ? AND sealed_user IS NULL",
            sealed_user,
            user_key,
        )

    async def rekey(self, rekey: Rekey) -> RekeyCount:
        """See :meth:`KeyStore.rekey`."""
        async with self._db.transaction() as db:
            await self._hold_off_writers(db)
            return await rekey_rows(db, rekey)

    async def _hold_off_writers(self, db: Database) -> None:
        """Keep a bot that is still running from writing under the old key meanwhile.

        Nothing to do on SQLite: ``BEGIN IMMEDIATE`` already holds the only write lock."""
