-- Agency warnings: subscriptions, broadcasts, their outbox (one row per recipient), audit log.
--
-- subscription: chat_key is IdentityKeys.chat_key (a keyed hash, to find a chat's row) and
-- sealed_chat is IdentityKeys.seal_chat (AES-GCM, to deliver). No column is shared with
-- conversation_state or question_log, so nothing joins a subscriber to what they asked.
-- WITHOUT ROWID: no rowid records the order people subscribed in.
CREATE TABLE subscription (
    chat_key    TEXT PRIMARY KEY NOT NULL,
    sealed_chat TEXT NOT NULL,
    language    TEXT NOT NULL,
    country     TEXT,
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked', 'gone'))
) WITHOUT ROWID;

CREATE INDEX subscription_audience ON subscription (status, language, country);

-- Subscribers over time, as daily totals only ('YYYY-MM-DD', UTC).
CREATE TABLE subscription_day (
    day    TEXT PRIMARY KEY NOT NULL,
    joined INTEGER NOT NULL DEFAULT 0,
    ended  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- texts and audience are JSON; times are Unix seconds (REAL) except created_at (ISO, UTC).
-- report_chat is the sealed chat id of the admin following the progress (NULL from the CLI).
CREATE TABLE broadcast (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at          TEXT NOT NULL,
    actor               TEXT NOT NULL,
    texts               TEXT NOT NULL,
    audience            TEXT NOT NULL DEFAULT '{}',
    start_at            REAL NOT NULL,
    spread_seconds      REAL NOT NULL DEFAULT 0,
    quiet_hours         INTEGER NOT NULL DEFAULT 0,
    status              TEXT NOT NULL DEFAULT 'queued'
                        CHECK (status IN ('queued', 'sending', 'done', 'cancelled')),
    report_chat         TEXT,
    report_language     TEXT NOT NULL DEFAULT 'en',
    progress_message_id INTEGER,
    started_at          REAL,
    finished_at         REAL,
    reported            INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX broadcast_status ON broadcast (status);

-- pending -> sending (claimed, lease_until set) -> sent | blocked | gone | failed;
-- pending -> cancelled. sealed_chat is emptied once a row is final.
CREATE TABLE outbox (
    broadcast_id INTEGER NOT NULL REFERENCES broadcast (id) ON DELETE CASCADE,
    chat_key     TEXT NOT NULL,
    sealed_chat  TEXT NOT NULL DEFAULT '',
    language     TEXT NOT NULL,
    due_at       REAL NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'sending', 'sent', 'blocked', 'gone', 'failed',
                                  'cancelled')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    lease_until  REAL,
    PRIMARY KEY (broadcast_id, chat_key)
) WITHOUT ROWID;

CREATE INDEX outbox_due ON outbox (state, due_at);
CREATE INDEX outbox_chat ON outbox (chat_key);

-- Every admin action. actor is IdentityKeys.actor_key of the admin, or 'cli'.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
