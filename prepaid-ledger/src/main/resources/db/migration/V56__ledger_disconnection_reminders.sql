-- The morning reminder on the day a disconnection is planned, once per episode of negative balance
-- (the notice itself goes out the day before).
alter table ledger_disconnection_notices add column reminder_sent_at timestamptz;
