"""The check at start: the key in the environment is the one the store was written with.

A different key would not fail loudly by itself: every lookup would simply miss, so users
would silently lose their state and subscriptions, and ``/unsubscribe`` would say "done"
while the old row stays active. So the store records the key's fingerprint on first start
and every later start compares it before a row is read or written.
"""

from __future__ import annotations

from bot.errors import ConfigError
from bot.privacy import IdentityKeys, SealError
from bot.store.keys import KeyStore, RecordedKey

ROTATE_HINT = "python -m bot keys rotate"


def mismatch_line(recorded: RecordedKey, source: str) -> str:
    """The one line a start with another key stops with, naming the setting to fix."""
    if source == "BOT_TOKEN":
        return (
            "DATA_KEY is not set and the key derived from BOT_TOKEN is not the key this "
            "database was written with (was the token revoked or changed?): set DATA_KEY to "
            "the old key, or put the old token in BOT_TOKEN_OLD and run "
            f"`{ROTATE_HINT}`; nothing was changed"
        )
    if recorded.source == "BOT_TOKEN":
        return (
            "DATA_KEY is not the key this database was written with (it was derived from the "
            "bot token): unset DATA_KEY, or put the old token in BOT_TOKEN_OLD and run "
            f"`{ROTATE_HINT}` to move to DATA_KEY; nothing was changed"
        )
    return (
        "DATA_KEY is not the key this database was written with: start with the old DATA_KEY, "
        f"or put the old one in DATA_KEY_OLD and the new one in DATA_KEY and run `{ROTATE_HINT}`;"
        " nothing was changed"
    )


async def check_data_key(store: KeyStore, keys: IdentityKeys, source: str) -> None:
    """Raise ConfigError (one line naming DATA_KEY) unless ``keys`` are the store's keys.

    A store that has no fingerprint yet gets this one, unless it already holds sealed ids
    that this key cannot open (a database written before fingerprints, with another key).
    """
    recorded = await store.recorded_key()
    if recorded is None:
        sample = await store.sealed_sample()
        if sample is not None and not _opens(keys, sample):
            raise ConfigError(mismatch_line(RecordedKey("", "DATA_KEY"), source))
        await store.record_key(RecordedKey(keys.fingerprint, source))
        return
    if recorded.fingerprint != keys.fingerprint:
        raise ConfigError(mismatch_line(recorded, source))


def _opens(keys: IdentityKeys, sealed: str) -> bool:
    for opener in (keys.open_chat, keys.open_user):
        try:
            opener(sealed)
        except SealError:
            continue
        return True
    return False
