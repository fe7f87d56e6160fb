-- carebot schema, version 2 (SQLite): the inbox and the outbox. Same
-- meaning as the PostgreSQL migration of the same number.

-- Updates acknowledged to the platform and not yet answered; the id is
-- also in processed_updates (deduplication). A row belongs to the process
-- named owner until lease_until (microseconds); after that any process may
-- claim it.
CREATE TABLE inbox (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    source      TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    chat        TEXT    NOT NULL,
    body        BLOB    NOT NULL,
    owner       TEXT    NOT NULL,
    lease_until INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    UNIQUE (source, id)
);
CREATE INDEX inbox_owner ON inbox (owner);
CREATE INDEX inbox_lease ON inbox (source, lease_until);

-- Messages recorded for sending and not yet accepted by the platform.
CREATE TABLE outbox (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    source      TEXT    NOT NULL,
    chat        TEXT    NOT NULL,
    body        BLOB    NOT NULL,
    owner       TEXT    NOT NULL,
    lease_until INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX outbox_owner ON outbox (owner);
CREATE INDEX outbox_lease ON outbox (source, lease_until);
