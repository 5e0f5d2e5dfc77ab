-- Conversation state, keyed by IdentityKeys.user_key (a keyed hash, never a Telegram id).
-- updated_at is a UTC date: enough to expire old state, too coarse to match against the
-- moment someone wrote to the bot.
CREATE TABLE conversation_state (
    user_key   text PRIMARY KEY,
    state      jsonb NOT NULL,
    updated_at date NOT NULL
);

CREATE INDEX conversation_state_updated_at ON conversation_state (updated_at);
