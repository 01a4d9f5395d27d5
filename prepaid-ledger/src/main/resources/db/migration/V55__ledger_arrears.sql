-- Arrears carried over when a postpaid consumer converts to prepaid: a debt kept apart from the
-- prepaid balance, recovered as a share of each recharge and capped per billing month.

alter table ledger_entries drop constraint ledger_entries_kind_check;
alter table ledger_entries add constraint ledger_entries_kind_check check (kind in
    ('deduction', 'fixed_charge', 'recharge', 'adjustment', 'reversal', 'emergency_credit', 'arrears_recovery'))
    not valid;
alter table ledger_entries validate constraint ledger_entries_kind_check;

create table ledger_arrears (
    account_id                  text primary key references ledger_accounts (account_id),
    outstanding_paise           bigint not null check (outstanding_paise >= 0),
    recovery_percent            numeric(5, 2) not null check (recovery_percent > 0 and recovery_percent <= 100),
    monthly_cap_paise           bigint check (monthly_cap_paise > 0),
    updated_at                  timestamptz not null default now()
);

-- one row per recharge that recovered something; reversed with the payment
create table ledger_arrears_recoveries (
    gateway_reference           text primary key references payments (gateway_reference),
    account_id                  text not null references ledger_accounts (account_id),
    amount_paise                bigint not null check (amount_paise > 0),
    outstanding_after_paise     bigint not null,
    billing_month               date not null,
    entry_id                    bigint not null references ledger_entries (id),
    reversal_entry_id           bigint references ledger_entries (id)
);
create index ledger_arrears_recoveries_month on ledger_arrears_recoveries (account_id, billing_month);
