-- Keys (DESIGN.md "Keys"): the fingerprint of the DATA_KEY the ids at rest were made with, so
-- a start with another key stops before it reads or writes a row, and `python -m bot keys
-- rotate` can re-key. fingerprint is IdentityKeys.fingerprint (an HMAC of a fixed label under
-- its own subkey, never the key); source says whether the key was DATA_KEY or derived from
-- BOT_TOKEN, so the refusal can say which setting changed. One row.
CREATE TABLE data_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('DATA_KEY', 'BOT_TOKEN')),
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- The user's id sealed (IdentityKeys.seal_user), so a rotation can compute the new keyed
-- hash of a state row: a keyed hash cannot be re-keyed without the id it was made from.
-- NULL for rows written before this migration until their user writes again.
ALTER TABLE conversation_state ADD COLUMN sealed_user TEXT;
