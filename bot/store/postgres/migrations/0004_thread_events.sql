-- The audit trail of care-team threads: who claimed, resolved and replied,
-- when, and which messages held a parent's words (by timestamp only, so
-- that /forget can take the words back out of Slack). Kept after /forget.
CREATE TABLE thread_events (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel    text        NOT NULL,
    ts         text        NOT NULL,
    kind       text        NOT NULL,
    actor      text        NOT NULL DEFAULT '',
    message_ts text        NOT NULL DEFAULT '',
    text       text        NOT NULL DEFAULT '',
    at         timestamptz NOT NULL
);
CREATE INDEX thread_events_thread ON thread_events (channel, ts, id);
