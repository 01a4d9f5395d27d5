-- When the consumer was warned of a disconnection, per episode of negative balance: no automatic
-- disconnection happens without a notice at least UtilitySettings.minimumNoticeHours before it.
create table ledger_disconnection_notices (
    account_id                  text not null references ledger_accounts (account_id),
    negative_since              timestamptz not null,
    sent_at                     timestamptz not null,
    planned_at                  timestamptz not null,
    primary key (account_id, negative_since)
);
