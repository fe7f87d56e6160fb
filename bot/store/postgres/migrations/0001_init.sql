-- carebot schema, version 1 (PostgreSQL). Same meaning as the SQLite
-- migration of the same number. Times are timestamptz; NULL means unset.

-- People carebot talks to, with their settings and conversation context.
CREATE TABLE people (
    platform           text        NOT NULL,
    chat_id            text        NOT NULL,
    lang               text        NOT NULL DEFAULT '',
    time_zone          text        NOT NULL DEFAULT '',
    consent            smallint    NOT NULL DEFAULT 0,
    active             boolean     NOT NULL DEFAULT true,
    nudge_enabled      boolean     NOT NULL DEFAULT false,
    nudge_times        text[]      NOT NULL DEFAULT '{}',
    nudge_areas        text[]      NOT NULL DEFAULT '{}',
    nudge_quiet        text        NOT NULL DEFAULT '',
    context_intent     text        NOT NULL DEFAULT '',
    context_pending    text        NOT NULL DEFAULT '',
    context_updated_at timestamptz,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    PRIMARY KEY (platform, chat_id)
);

-- Ids of platform updates already processed, for deduplication; pruned
-- after a few days.
CREATE TABLE processed_updates (
    source       text        NOT NULL,
    id           text        NOT NULL,
    processed_at timestamptz NOT NULL,
    PRIMARY KEY (source, id)
);
CREATE INDEX processed_updates_processed_at ON processed_updates (processed_at);

-- Nudges: the schedule and the history, one row per person and slot.
CREATE TABLE nudges (
    platform   text        NOT NULL,
    chat_id    text        NOT NULL,
    slot       timestamptz NOT NULL,
    kind       text        NOT NULL,
    state      text        NOT NULL,
    job        bigint      NOT NULL DEFAULT 0,
    prompt     text        NOT NULL DEFAULT '',
    cycle      integer     NOT NULL DEFAULT 0,
    sent_at    timestamptz,
    done_at    timestamptz,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (platform, chat_id, slot)
);

-- Care-team threads opened by escalation alerts.
CREATE TABLE threads (
    channel    text        NOT NULL,
    ts         text        NOT NULL,
    platform   text        NOT NULL,
    chat_id    text        NOT NULL,
    level      smallint    NOT NULL DEFAULT 0,
    claimed_by text        NOT NULL DEFAULT '',
    resolved   boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (channel, ts)
);
CREATE INDEX threads_person ON threads (platform, chat_id, resolved, created_at);
