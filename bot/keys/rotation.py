"""``python -m bot keys rotate``: move every id at rest from the old key to the new one.

The old key comes from ``DATA_KEY_OLD`` (or, when it was derived from the bot token, the old
token in ``BOT_TOKEN_OLD``), the new one from ``DATA_KEY`` (or the current ``BOT_TOKEN``).
Sealed ids are opened with the old key and sealed again; every keyed hash is computed again
from the id it was made from: state rows from their sealed user id, subscriptions and
outbox rows, follow-up watches and helpdesk cases from their sealed chat id, audit names from
``ADMIN_IDS`` and ``REVIEWER_IDS``, and the agency tables' own secret is sealed again.
"""

from __future__ import annotations

import logging
import secrets
import sys
import time
from typing import TextIO

from bot.config import Settings
from bot.errors import ConfigError
from bot.heartbeat import seen_recently
from bot.privacy import IdentityKeys, SealError
from bot.store import open_store
from bot.store.keys import KeyMismatch, RecordedKey, RekeyCount

log = logging.getLogger(__name__)


class KeyRotation:
    """The :class:`bot.store.keys.Rekey` from one :class:`IdentityKeys` to another."""

    def __init__(
        self, old: IdentityKeys, new: IdentityKeys, new_source: str, admin_ids: list[int]
    ) -> None:
        self._old, self._new = old, new
        self.old_fingerprint = old.fingerprint
        self.new = RecordedKey(new.fingerprint, new_source)
        self._actors = {old.actor_key(a): new.actor_key(a) for a in admin_ids}

    def user(self, sealed_user: str) -> tuple[str, str]:
        """New key and seal of a state row."""
        user_id = self._old.open_user(sealed_user)
        return self._new.user_key(user_id), self._new.seal_user(user_id)

    def chat(self, sealed_chat: str) -> tuple[str, str]:
        """New key and seal of a chat."""
        chat_id = self._old.open_chat(sealed_chat)
        return self._new.chat_key(chat_id), self._new.seal_chat(chat_id)

    def reseal_chat(self, sealed_chat: str) -> str:
        """A chat id sealed again."""
        return self._new.seal_chat(self._old.open_chat(sealed_chat))

    def actor(self, actor: str) -> str:
        """An admin's new audit name; ``cli`` and unknown names stay."""
        return self._actors.get(actor, actor)

    def secret(self, name: str, sealed: str) -> str:
        """A stored secret (the agency tables' hashing secret) sealed again."""
        return self._new.seal_secret(name, self._old.open_secret(name, sealed))

    def user_of_chat(self, sealed_chat: str) -> tuple[str, str]:
        """New user key and chat seal of a private chat (there chat id == user id)."""
        chat_id = self._old.open_chat(sealed_chat)
        return self._new.user_key(chat_id), self._new.seal_chat(chat_id)

    def orphan_key(self) -> str:
        """A random key, unlinkable to anyone, for a finished copy of an unsubscribed chat."""
        return secrets.token_hex(16)


def _keys(data_key: str | None, token: str | None, *, old: bool) -> tuple[IdentityKeys, str]:
    names = ("DATA_KEY_OLD", "BOT_TOKEN_OLD") if old else ("DATA_KEY", "BOT_TOKEN")
    if not (data_key and data_key.strip()) and not (token and token.strip()):
        raise ConfigError(
            f"{names[0]} is not set: set it to the key to rotate {'from' if old else 'to'}"
        )
    try:
        keys, _warning = IdentityKeys.from_settings(data_key, token)
    except ValueError as exc:
        raise ConfigError(str(exc).replace("DATA_KEY", names[0]) if old else str(exc)) from None
    return keys, "DATA_KEY" if data_key and data_key.strip() else "BOT_TOKEN"


def summary(count: RekeyCount) -> str:
    """What a rotation did, for the operator."""
    line = (
        f"re-keyed {count.states} conversation states, {count.subscriptions} subscriptions, "
        f"{count.outbox} outbox rows, {count.broadcasts} broadcasts, {count.audit} audit entries, "
        f"{count.followups} follow-up watches, {count.helpdesk_cases} helpdesk cases"
    )
    if count.states_dropped:
        line += (
            f"; {count.states_dropped} conversation states written before sealed user ids "
            "could not be re-keyed and were removed (those users start again)"
        )
    return line


async def run_rotate(
    settings: Settings, old_data_key: str | None, old_token: str | None, out: TextIO = sys.stdout
) -> int:
    """Rotate, print one line; 0 done, 2 refused (nothing changed)."""
    old, _ = _keys(old_data_key, old_token, old=True)
    data_key = settings.DATA_KEY.get_secret_value() if settings.DATA_KEY else None
    token = settings.BOT_TOKEN.get_secret_value() if settings.BOT_TOKEN else None
    new, source = _keys(data_key, token, old=False)
    if old.fingerprint == new.fingerprint:
        raise ConfigError("DATA_KEY_OLD and DATA_KEY are the same key: nothing to rotate")
    try:
        store = await open_store(settings.DATABASE_URL)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    try:
        if seen_recently(await store.last_seen(), time.time()):
            raise ConfigError(
                "a running bot was seen in the last seconds: stop it before `keys rotate` (it "
                "would go on writing with the old key); nothing was changed"
            )
        recorded = await store.recorded_key()
        if recorded is not None and recorded.fingerprint == new.fingerprint:
            print("the database is already on the new DATA_KEY: nothing to do", file=out)
            return 0
        try:
            count = await store.rekey(
                KeyRotation(old, new, source, [*settings.ADMIN_IDS, *settings.REVIEWER_IDS])
            )
        except KeyMismatch:
            raise ConfigError(
                "DATA_KEY_OLD is not the key this database was written with: nothing was changed"
            ) from None
        except SealError:
            raise ConfigError(
                "a sealed id in the database does not open with DATA_KEY_OLD: nothing was changed"
            ) from None
    finally:
        await store.close()
    print(summary(count), file=out)
    return 0
