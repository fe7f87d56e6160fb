-- carebot schema, version 1 (SQLite). Same meaning as the PostgreSQL
-- migration of the same number. Times are INTEGER microseconds since the
-- Unix epoch, UTC; NULL means unset. Lists are JSON arrays in TEXT.

-- People carebot talks to, with their settings and conversation context.
CREATE TABLE people (
    platform           TEXT    NOT NULL,
    chat_id            TEXT    NOT NULL,
    lang               TEXT    NOT NULL DEFAULT '',
    time_zone          TEXT    NOT NULL DEFAULT '',
    consent            INTEGER NOT NULL DEFAULT 0,
    active             INTEGER NOT NULL DEFAULT 1,
    nudge_enabled      INTEGER NOT NULL DEFAULT 0,
    nudge_times        TEXT    NOT NULL DEFAULT '[]',
    nudge_areas        TEXT    NOT NULL DEFAULT '[]',
    nudge_quiet        TEXT    NOT NULL DEFAULT '',
    context_intent     TEXT    NOT NULL DEFAULT '',
    context_pending    TEXT    NOT NULL DEFAULT '',
    context_updated_at INTEGER,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    PRIMARY KEY (platform, chat_id)
);

-- Ids of platform updates already processed, for deduplication; pruned
-- after a few days.
CREATE TABLE processed_updates (
    source       TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    processed_at INTEGER NOT NULL,
    PRIMARY KEY (source, id)
);
CREATE INDEX processed_updates_processed_at ON processed_updates (processed_at);

-- Nudges: the schedule and the history, one row per person and slot.
CREATE TABLE nudges (
    platform   TEXT    NOT NULL,
    chat_id    TEXT    NOT NULL,
    slot       INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    job        INTEGER NOT NULL DEFAULT 0,
    prompt     TEXT    NOT NULL DEFAULT '',
    cycle      INTEGER NOT NULL DEFAULT 0,
    sent_at    INTEGER,
    done_at    INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (platform, chat_id, slot)
);

-- Care-team threads opened by escalation alerts.
CREATE TABLE threads (
    channel    TEXT    NOT NULL,
    ts         TEXT    NOT NULL,
    platform   TEXT    NOT NULL,
    chat_id    TEXT    NOT NULL,
    level      INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT    NOT NULL DEFAULT '',
    resolved   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (channel, ts)
);
CREATE INDEX threads_person ON threads (platform, chat_id, resolved, created_at);
