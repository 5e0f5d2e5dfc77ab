"""Moving the agency tables to a new ``DATA_KEY`` (for ``python -m bot keys rotate``).

Only two columns depend on ``DATA_KEY``: ``agency_secret.sealed`` (the follow-up hashing
secret, sealed) and ``followup.sealed_chat`` (sealed chat ids). ``followup.watch_key`` and
``followup.indicator_hash`` are HMACs under the stored secret, not under ``DATA_KEY``, so
they stay valid once the secret is re-sealed. Run inside the rotation's transaction.
"""

from __future__ import annotations

from bot.agency.db import Database
from bot.privacy import IdentityKeys

KEYED_COLUMNS = ("agency_secret.sealed", "followup.sealed_chat")


async def rekey_agency(db: Database, old: IdentityKeys, new: IdentityKeys) -> int:
    """Re-seal every agency value sealed with ``old`` under ``new``; returns rows changed.

    Raises :class:`bot.privacy.SealError` (changing nothing, when run in a transaction)
    if a value was not sealed with ``old``.
    """
    changed = 0
    for name, sealed in await db.fetch("SELECT name, sealed FROM agency_secret"):
        secret = old.open_secret(str(name), str(sealed))
        changed += await db.execute(
            "UPDATE agency_secret SET sealed = ? WHERE name = ?",
            new.seal_secret(str(name), secret),
            name,
        )
    rows = await db.fetch("SELECT watch_key, indicator_hash, sealed_chat FROM followup")
    for watch_key, indicator_hash, sealed_chat in rows:
        chat_id = old.open_chat(str(sealed_chat))
        changed += await db.execute(
            "UPDATE followup SET sealed_chat = ? WHERE watch_key = ? AND indicator_hash = ?",
            new.seal_chat(chat_id),
            watch_key,
            indicator_hash,
        )
    return changed
