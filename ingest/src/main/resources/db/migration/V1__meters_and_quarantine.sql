-- Ingest owns V1..V49. The time-series tables (readings, meter_events, energy_hourly) are created
-- by the Java migration db.migration.V2__TimeSeriesLayout, because their shape depends on
-- whether TimescaleDB is installed.

CREATE TABLE meters (
    id             bigserial PRIMARY KEY,
    serial         text        NOT NULL UNIQUE,
    utility        text,
    model          text,
    status         text        NOT NULL DEFAULT 'registered'
                   CHECK (status IN ('registered', 'auto_registered', 'quarantined')),
    transport      text,
    remote_address text,
    first_seen     timestamptz,
    last_seen      timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Readings from meters the head-end does not know, kept under the QUARANTINE policy until an
-- operator registers the meter (then they move to readings) or decides to drop them.
CREATE TABLE unknown_meter_readings (
    meter_serial text        NOT NULL,
    obis         text        NOT NULL,
    ts           timestamptz NOT NULL,
    value        numeric     NOT NULL,
    unit         text        NOT NULL DEFAULT '',
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meter_serial, obis, ts)
);

CREATE TABLE unknown_meter_events (
    meter_serial text        NOT NULL,
    code         integer     NOT NULL,
    ts           timestamptz NOT NULL,
    source       text        NOT NULL DEFAULT '',
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meter_serial, code, ts)
);
