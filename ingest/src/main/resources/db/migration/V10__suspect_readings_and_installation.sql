-- Readings are checked before they reach money (org.urja.ingest.store.ReadingChecks): a reading
-- from beyond the clock tolerance in the future, from before the meter's installation, or a
-- cumulative register lower than the meter's latest stored value is held here, never in readings,
-- until an operator releases it (then it is stored and charged like any new reading) or discards it.

ALTER TABLE meters ADD COLUMN installed_at timestamptz;

CREATE TABLE suspect_readings (
    id          bigserial   PRIMARY KEY,
    meter_id    bigint      NOT NULL,
    obis        text        NOT NULL,
    ts          timestamptz NOT NULL,
    value       numeric     NOT NULL,
    unit        text        NOT NULL DEFAULT '',
    reason      text        NOT NULL
                CHECK (reason IN ('future', 'before_installation', 'register_backwards', 'negative_register')),
    detail      text        NOT NULL DEFAULT '',
    received_at timestamptz NOT NULL DEFAULT now(),
    status      text        NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'released', 'discarded')),
    decided_at  timestamptz,
    decided_by  text,
    -- the same held reading sent again is one row, like readings' own key
    UNIQUE (meter_id, obis, ts)
);

CREATE INDEX suspect_readings_held ON suspect_readings (id) WHERE status = 'held';
