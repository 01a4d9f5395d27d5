-- Input that failed the same way too often to be retried again (a poison MQTT message, a
-- submission the database refuses for good). Kept whole so an operator can see why and decide;
-- the source is acknowledged once its letter is here, so it cannot poison a restart.
CREATE TABLE dead_letters (
    id           bigserial   PRIMARY KEY,
    source       text        NOT NULL,          -- 'mqtt', 'tcp', 'writer', ...
    origin       text        NOT NULL DEFAULT '', -- topic, remote address, writer thread
    meter_serial text,                          -- when the input named one (a claim, unchecked)
    reason       text        NOT NULL,          -- short code, e.g. 'decode', 'database_refused'
    detail       text        NOT NULL DEFAULT '',
    payload      bytea       NOT NULL,
    attempts     integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    resolved_at  timestamptz,
    resolution   text
);

CREATE INDEX dead_letters_open ON dead_letters (id) WHERE resolved_at IS NULL;
