-- energy_hourly (V2, V35: an hourly min/max per register; a continuous aggregate on TimescaleDB,
-- a view otherwise) is gone. Consumption is the register's difference across bucket boundaries
-- (issue 9), which a min/max inside a bucket cannot give, and on TimescaleDB the aggregate's
-- refresh policy covered only the last 3 days, so readings stored later for older hours (a
-- back-filled profile, a meter that was offline) never reached it: the two layouts disagreed.
-- Every consumption figure is now answered from the readings themselves by boundary probes of the
-- (meter_id, obis, ts) key (org.urja.ingest.store.RegisterIntervals), which is never stale and
-- costs no refresh job.
drop view if exists ingest_api.energy_hourly;

do $$
declare
  continuous boolean := false;
begin
  -- the catalogue exists only with TimescaleDB; naming it in a query would fail to plan otherwise
  if to_regclass('timescaledb_information.continuous_aggregates') is not null then
    execute 'select exists (select 1 from timescaledb_information.continuous_aggregates '
            'where view_name = ''energy_hourly'' and view_schema = current_schema())'
       into continuous;
  end if;
  if continuous then
    -- also removes its refresh policy and its materialisation hypertable
    execute 'drop materialized view energy_hourly';
  elsif to_regclass('energy_hourly') is not null then
    execute 'drop view energy_hourly';
  end if;
end
$$;
