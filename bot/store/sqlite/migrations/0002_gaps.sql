-- carebot schema, version 2 (SQLite). Same meaning as the PostgreSQL
-- migration of the same number.

-- The gaps report: questions carebot could not answer or answered unsure,
-- scrubbed of names, numbers and contact details before they are stored
-- (bot.ScrubGap). Written only when the operator turns gaps on; deleted
-- after the retention and by Forget.
CREATE TABLE gaps (
    id         INTEGER PRIMARY KEY,
    platform   TEXT    NOT NULL,
    chat_id    TEXT    NOT NULL,
    lang       TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX gaps_created_at ON gaps (created_at);
CREATE INDEX gaps_person ON gaps (platform, chat_id);
