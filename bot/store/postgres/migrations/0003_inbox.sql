-- carebot schema, version 2 (PostgreSQL): the inbox and the outbox. Same
-- meaning as the SQLite migration of the same number.

-- Updates acknowledged to the platform and not yet answered; the id is
-- also in processed_updates (deduplication). A row belongs to the process
-- named owner until lease_until; after that any process may claim it.
CREATE TABLE inbox (
    seq         bigserial   PRIMARY KEY,
    source      text        NOT NULL,
    id          text        NOT NULL,
    chat        text        NOT NULL,
    body        bytea       NOT NULL,
    owner       text        NOT NULL,
    lease_until timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    UNIQUE (source, id)
);
CREATE INDEX inbox_owner ON inbox (owner);
CREATE INDEX inbox_lease ON inbox (source, lease_until);

-- Messages recorded for sending and not yet accepted by the platform.
CREATE TABLE outbox (
    seq         bigserial   PRIMARY KEY,
    source      text        NOT NULL,
    chat        text        NOT NULL,
    body        bytea       NOT NULL,
    owner       text        NOT NULL,
    lease_until timestamptz NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX outbox_owner ON outbox (owner);
CREATE INDEX outbox_lease ON outbox (source, lease_until);
