-- Conversation state, keyed by IdentityKeys.user_key (a keyed hash, never a Telegram id).
-- WITHOUT ROWID: the key is the primary key, and no rowid records the order users arrived in.
-- updated_at is a UTC date ('YYYY-MM-DD'): enough to expire old state, too coarse to match
-- against the moment someone wrote to the bot.
CREATE TABLE conversation_state (
    user_key   TEXT PRIMARY KEY NOT NULL,
    state      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX conversation_state_updated_at ON conversation_state (updated_at);
