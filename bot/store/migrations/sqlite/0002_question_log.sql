-- The anonymous question log: what people ask, scan and report, for volunteers and agencies.
-- No column can hold who asked: no user key, no chat id, no name; `hour` is the UTC time
-- rounded down to the hour ('YYYY-MM-DDTHH:00'), and `text` is scrubbed before it is written.
-- kind: question (an FAQ answered), unanswered (no topic fitted), scan (an ad was scanned),
-- report (a user reported an ad), feedback ("Was this helpful?": topic + helpful 1/0).
CREATE TABLE question_log (
    hour     TEXT NOT NULL,
    language TEXT NOT NULL,
    kind     TEXT NOT NULL,
    topic    TEXT,
    flags    TEXT NOT NULL DEFAULT '',
    helpful  INTEGER,
    text     TEXT NOT NULL DEFAULT ''
);

CREATE INDEX question_log_hour ON question_log (hour);
