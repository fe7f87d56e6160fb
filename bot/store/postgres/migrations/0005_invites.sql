-- Enrolment invites: a care team's label for a parent, linked to the parent
-- who opens the single-use link. The code is kept as a hash only.
CREATE TABLE invites (
    code_hash  text        NOT NULL PRIMARY KEY,
    label      text        NOT NULL,
    created_by text        NOT NULL DEFAULT '',
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    platform   text        NOT NULL DEFAULT '',
    chat_id    text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL
);
CREATE INDEX invites_person ON invites (platform, chat_id, used_at);
