-- A running bot records here, every few seconds, that it is alive (one row per process,
-- named by a random id), so `python -m bot broadcast` can say when no bot would deliver what
-- it queues. seen_at is Unix seconds.
CREATE TABLE bot_heartbeat (
    instance TEXT PRIMARY KEY NOT NULL,
    seen_at  REAL NOT NULL
) WITHOUT ROWID;
