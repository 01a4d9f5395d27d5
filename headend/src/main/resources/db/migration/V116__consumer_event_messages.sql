-- One message per consumer-relevant event (issue 9 item 4).
--
-- complaints.status_changes counts the complaint's status transitions: the n-th transition's
-- message is keyed 'complaint:{number}:status:{n}', so an operator's retry (no transition) or a
-- second node sends nothing, while a complaint reopened and resolved again is told again.
alter table complaints add column status_changes integer not null default 0;

-- outages: when every account on the feeder was told of the opening / of the restoration. A scan
-- tells what is not yet told, in the transaction that marks it told; rows from before this
-- migration count as told, so an upgrade sends nothing about outages of the past.
alter table outages add column opening_told_at timestamptz;
alter table outages add column restoration_told_at timestamptz;
update outages set opening_told_at = opened_at, restoration_told_at = closed_at;
create index outages_untold on outages (id)
    where opening_told_at is null or (closed_at is not null and restoration_told_at is null);
