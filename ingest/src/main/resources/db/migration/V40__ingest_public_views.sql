-- The ingest's public face: the only relations another module may name in its SQL (issue 10).
-- The tables behind them stay the ingest's own; a column renamed or moved there changes the view
-- here, in the same module, instead of breaking a reader in another module at run time. Writes
-- never go through these views: they go through the ingest's Java API (MeterDirectory,
-- SessionDirectory, BatchWriter). Simple views are inlined by the planner, so a query through one
-- plans exactly as it did against the table. docs/ARCHITECTURE.md lists them.
create schema if not exists ingest_api;

create or replace view ingest_api.meters as
select id, serial, utility, model, status, transport, remote_address, first_seen, last_seen, installed_at,
       dial_address, capture_period_s, created_at, updated_at
  from meters;

create or replace view ingest_api.readings as
select meter_id, obis, ts, value, unit, received_at
  from readings;

create or replace view ingest_api.meter_events as
select meter_id, code, ts, source, received_at
  from meter_events;

-- hourly min/max per register (continuous aggregate on TimescaleDB, plain view otherwise)
create or replace view ingest_api.energy_hourly as
select bucket, meter_id, obis, min_value, max_value, sample_count
  from energy_hourly;

-- which head-end node holds each meter's TCP association right now (live rows only)
create or replace view ingest_api.meter_sessions as
select meter_serial, node_id, connected_at, seen_at
  from meter_sessions;
