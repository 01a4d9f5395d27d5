-- Meter events are checked against the clock like readings (org.urja.ingest.store.ReadingChecks):
-- an event dated beyond the clock tolerance in the future or before the meter's installation is
-- held here, never in meter_events, so it reaches nothing that acts on events (a meter's word that
-- it switched to prepaid or postpaid moves the ledger), until an operator releases or discards it.

CREATE TABLE suspect_events (
    id          bigserial   PRIMARY KEY,
    meter_id    bigint      NOT NULL,
    code        integer     NOT NULL,
    ts          timestamptz NOT NULL,
    source      text        NOT NULL DEFAULT '',
    reason      text        NOT NULL CHECK (reason IN ('future', 'before_installation')),
    detail      text        NOT NULL DEFAULT '',
    received_at timestamptz NOT NULL DEFAULT now(),
    status      text        NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'released', 'discarded')),
    decided_at  timestamptz,
    decided_by  text,
    -- the same held event sent again is one row, like meter_events' own key
    UNIQUE (meter_id, code, ts)
);

CREATE INDEX suspect_events_held ON suspect_events (id) WHERE status = 'held';
