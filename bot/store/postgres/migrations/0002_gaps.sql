-- carebot schema, version 2 (PostgreSQL). Same meaning as the SQLite
-- migration of the same number.

-- The gaps report: questions carebot could not answer or answered unsure,
-- scrubbed of names, numbers and contact details before they are stored
-- (bot.ScrubGap). Written only when the operator turns gaps on; deleted
-- after the retention and by Forget.
CREATE TABLE gaps (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform   text        NOT NULL,
    chat_id    text        NOT NULL,
    lang       text        NOT NULL,
    text       text        NOT NULL,
    reason     text        NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX gaps_created_at ON gaps (created_at);
CREATE INDEX gaps_person ON gaps (platform, chat_id);
