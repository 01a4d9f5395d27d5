-- Charging rewrites a balance, a meter's charge position and a month-to-date row for nearly every
-- reading it charges. None of the columns it changes is indexed, so PostgreSQL can update those rows
-- in place on their own page (a HOT update: no new entry in the primary key's index, less WAL) -
-- but only when the page has room for the new row version. At the default fillfactor (100) the
-- pages are full and every update also writes the index. 70 leaves room for a few versions per page
-- until vacuum prunes them. Applies to pages written from now on; an existing large table gets it
-- with VACUUM FULL (or pg_repack) at a quiet hour.
alter table balances set (fillfactor = 70);
alter table ledger_meter_charge_state set (fillfactor = 70);
alter table ledger_monthly_consumption set (fillfactor = 70);
