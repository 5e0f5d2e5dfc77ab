-- See the SQLite migration of the same number.
CREATE TABLE voice_files (
    name    text PRIMARY KEY,
    digest  text NOT NULL,
    file_id text NOT NULL
);
