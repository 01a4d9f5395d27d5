-- Postpaid monthly bills (issue 9). A bill is issued once per account and billing period; its
-- charges are one journal entry (kind 'bill'), and a late-payment charge on an overdue bill is
-- another ('late_payment_charge'), so a postpaid account's balance is minus what it owes and a
-- payment (the same gateway callback as a recharge) pays it down. Which bill a payment settled is
-- derived oldest-first and remembered per payment for its receipt.

alter table ledger_entries drop constraint ledger_entries_kind_check;
alter table ledger_entries add constraint ledger_entries_kind_check check (kind in
    ('deduction', 'fixed_charge', 'recharge', 'adjustment', 'reversal', 'emergency_credit', 'arrears_recovery',
     'bill', 'late_payment_charge'))
    not valid;
alter table ledger_entries validate constraint ledger_entries_kind_check;

-- per-utility billing rules; a utility without a row takes the defaults of BillingSettings
create table ledger_billing_settings (
    utility_id                  text primary key references ledger_utilities (utility_id),
    due_days                    integer not null default 15 check (due_days between 1 and 60),
    late_payment_percent        numeric(5, 2) not null default 1.50 check (late_payment_percent >= 0 and late_payment_percent <= 10),
    reminder_days_before        integer not null default 3 check (reminder_days_before between 0 and 30),
    stale_reading_hours         integer not null default 24 check (stale_reading_hours > 0)
);

-- the gap-free bill number sequence of each utility: taken under the row lock in the bill's own
-- transaction, so a rolled-back bill gives its number back
create table ledger_bill_counters (
    utility_id                  text primary key references ledger_utilities (utility_id),
    last_number                 bigint not null default 0
);

create table ledger_bills (
    bill_no                     text primary key,
    account_id                  text not null references ledger_accounts (account_id),
    utility_id                  text not null references ledger_utilities (utility_id),
    sequence_no                 bigint not null,
    period_start                date not null,
    period_end                  date not null,
    meter_serial                text not null,
    opening_wh                  numeric(20, 3) not null,
    opening_at                  timestamptz not null,
    closing_wh                  numeric(20, 3) not null,
    closing_at                  timestamptz not null,
    estimated                   boolean not null,
    kwh                         numeric(20, 6) not null,
    lines                       jsonb not null,
    current_charges_paise       bigint not null,
    late_payment_paise          bigint not null,
    arrears_paise               bigint not null,
    advance_paise               bigint not null,
    amount_due_paise            bigint not null,
    tariff_code                 text not null,
    issued_at                   timestamptz not null,
    due_date                    date not null,
    journal_entry_id            bigint not null references ledger_entries (id),
    unique (account_id, period_start),
    unique (utility_id, sequence_no),
    check (period_end > period_start)
);
create index ledger_bills_account on ledger_bills (account_id, period_start desc);

-- which bills a payment settled (oldest first), written in the payment's transaction
create table ledger_bill_payments (
    gateway_reference           text not null references payments (gateway_reference),
    bill_no                     text not null references ledger_bills (bill_no),
    amount_paise                bigint not null check (amount_paise > 0),
    primary key (gateway_reference, bill_no)
);
