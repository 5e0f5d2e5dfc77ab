-- Telegram's file_id of each volunteer recording the bot uploaded (content/audio/), so the
-- next send reuses it; digest is of the uploaded bytes, so a re-recorded file uploads anew.
CREATE TABLE voice_files (
    name    TEXT PRIMARY KEY NOT NULL,
    digest  TEXT NOT NULL,
    file_id TEXT NOT NULL
) WITHOUT ROWID;
