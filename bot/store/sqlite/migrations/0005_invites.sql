-- Enrolment invites: a care team's label for a parent, linked to the parent
-- who opens the single-use link. The code is kept as a hash only.
CREATE TABLE invites (
    code_hash  TEXT    NOT NULL PRIMARY KEY,
    label      TEXT    NOT NULL,
    created_by TEXT    NOT NULL DEFAULT '',
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    platform   TEXT    NOT NULL DEFAULT '',
    chat_id    TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX invites_person ON invites (platform, chat_id, used_at);
