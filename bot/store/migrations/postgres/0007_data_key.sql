-- Keys: see the SQLite migration of the same number for the why of each column.
CREATE TABLE data_key (
    id          integer PRIMARY KEY CHECK (id = 1),
    fingerprint text NOT NULL,
    source      text NOT NULL CHECK (source IN ('DATA_KEY', 'BOT_TOKEN')),
    recorded_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE conversation_state ADD COLUMN sealed_user text;
