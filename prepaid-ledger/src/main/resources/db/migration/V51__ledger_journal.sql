-- The journal is the truth; balances is a projection updated in the same transaction.

create table ledger_entries (
    id                          bigserial primary key,
    account_id                  text not null references ledger_accounts (account_id),
    kind                        text not null check (kind in
                                   ('deduction', 'fixed_charge', 'recharge', 'adjustment', 'reversal', 'emergency_credit')),
    amount_paise                bigint not null,
    balance_after_paise         bigint not null,
    idempotency_key             text not null unique,
    meter_serial                text,
    reference                   text,
    details                     jsonb,
    occurred_at                 timestamptz not null,
    recorded_at                 timestamptz not null default now()
);
create index ledger_entries_account_time on ledger_entries (account_id, occurred_at);

create table balances (
    account_id                  text primary key references ledger_accounts (account_id),
    balance_paise               bigint not null default 0,
    last_recharge_paise         bigint not null default 0,
    last_recharge_at            timestamptz,
    negative_since              timestamptz,
    entry_count                 bigint not null default 0,
    updated_at                  timestamptz not null default now()
);

-- per meter: the last register value that has been charged (or recorded, for postpaid)
create table ledger_meter_charge_state (
    meter_serial                text primary key,
    account_id                  text not null references ledger_accounts (account_id),
    last_wh                     numeric(20, 3) not null,
    last_ts                     timestamptz not null,
    updated_at                  timestamptz not null default now()
);

-- month-to-date consumption, the slab position of the telescopic tariff
create table ledger_monthly_consumption (
    account_id                  text not null references ledger_accounts (account_id),
    billing_month               date not null,
    kwh                         numeric(20, 6) not null default 0,
    primary key (account_id, billing_month)
);

create table ledger_anomalies (
    id                          bigserial primary key,
    meter_serial                text not null,
    account_id                  text,
    kind                        text not null,
    previous_wh                 numeric(20, 3),
    previous_ts                 timestamptz,
    reading_wh                  numeric(20, 3),
    reading_ts                  timestamptz not null,
    detected_at                 timestamptz not null default now(),
    resolved_at                 timestamptz,
    resolution                  text,
    unique (meter_serial, reading_ts, kind)
);

create sequence ledger_receipt_seq;

create table payments (
    gateway_reference           text primary key,
    account_id                  text not null references ledger_accounts (account_id),
    amount_paise                bigint not null check (amount_paise > 0),
    channel                     text not null,
    received_at                 timestamptz not null,
    status                      text not null check (status in ('credited', 'reversed')),
    receipt_number              text not null unique,
    balance_after_paise         bigint not null,
    credit_entry_id             bigint not null references ledger_entries (id),
    reversed_at                 timestamptz,
    reversal_reason             text,
    reversal_entry_id           bigint references ledger_entries (id),
    created_at                  timestamptz not null default now()
);
create index payments_account on payments (account_id, received_at);
