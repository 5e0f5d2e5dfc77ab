-- Agency warnings: subscriptions, broadcasts, their outbox (one row per recipient), audit log.
-- See the SQLite migration of the same number for the why of each column.
CREATE TABLE subscription (
    chat_key    text PRIMARY KEY,
    sealed_chat text NOT NULL,
    language    text NOT NULL,
    country     text,
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked', 'gone'))
);

CREATE INDEX subscription_audience ON subscription (status, language, country);

CREATE TABLE subscription_day (
    day    date PRIMARY KEY,
    joined integer NOT NULL DEFAULT 0,
    ended  integer NOT NULL DEFAULT 0
);

CREATE TABLE broadcast (
    id                  bigserial PRIMARY KEY,
    created_at          text NOT NULL,
    actor               text NOT NULL,
    texts               jsonb NOT NULL,
    audience            jsonb NOT NULL DEFAULT '{}',
    start_at            double precision NOT NULL,
    spread_seconds      double precision NOT NULL DEFAULT 0,
    quiet_hours         boolean NOT NULL DEFAULT false,
    status              text NOT NULL DEFAULT 'queued'
                        CHECK (status IN ('queued', 'sending', 'done', 'cancelled')),
    report_chat         text,
    report_language     text NOT NULL DEFAULT 'en',
    progress_message_id bigint,
    started_at          double precision,
    finished_at         double precision,
    reported            boolean NOT NULL DEFAULT false
);

CREATE INDEX broadcast_status ON broadcast (status);

CREATE TABLE outbox (
    broadcast_id bigint NOT NULL REFERENCES broadcast (id) ON DELETE CASCADE,
    chat_key     text NOT NULL,
    sealed_chat  text NOT NULL DEFAULT '',
    language     text NOT NULL,
    due_at       double precision NOT NULL,
    state        text NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'sending', 'sent', 'blocked', 'gone', 'failed',
                                  'cancelled')),
    attempts     integer NOT NULL DEFAULT 0,
    lease_until  double precision,
    PRIMARY KEY (broadcast_id, chat_key)
);

CREATE INDEX outbox_due ON outbox (state, due_at);
CREATE INDEX outbox_chat ON outbox (chat_key);

CREATE TABLE audit_log (
    id     bigserial PRIMARY KEY,
    at     text NOT NULL,
    actor  text NOT NULL,
    action text NOT NULL,
    detail jsonb NOT NULL DEFAULT '{}'
);
