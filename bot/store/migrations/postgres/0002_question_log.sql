-- The anonymous question log; see the SQLite migration of the same number for the why.
CREATE TABLE question_log (
    hour     TEXT NOT NULL,
    language TEXT NOT NULL,
    kind     TEXT NOT NULL,
    topic    TEXT,
    flags    TEXT NOT NULL DEFAULT '',
    helpful  BOOLEAN,
    text     TEXT NOT NULL DEFAULT ''
);

CREATE INDEX question_log_hour ON question_log (hour);
