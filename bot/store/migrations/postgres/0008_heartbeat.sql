-- See the SQLite migration of the same number.
CREATE TABLE bot_heartbeat (
    instance text PRIMARY KEY,
    seen_at  double precision NOT NULL
);
