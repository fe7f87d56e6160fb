-- The audit trail of care-team threads: who claimed, resolved and replied,
-- when, and which messages held a parent's words (by timestamp only, so
-- that /forget can take the words back out of Slack). Kept after /forget.
CREATE TABLE thread_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    channel    TEXT    NOT NULL,
    ts         TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    actor      TEXT    NOT NULL DEFAULT '',
    message_ts TEXT    NOT NULL DEFAULT '',
    text       TEXT    NOT NULL DEFAULT '',
    at         INTEGER NOT NULL
);
CREATE INDEX thread_events_thread ON thread_events (channel, ts, id);
