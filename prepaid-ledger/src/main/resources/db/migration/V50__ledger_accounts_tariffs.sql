-- Prepaid ledger: utilities, accounts, meter links and tariffs.
-- Meters are referred to by serial text only; the meter registry belongs to other modules.

create table ledger_utilities (
    utility_id                  text primary key,
    name                        text not null,
    settings                    jsonb not null default '{}'::jsonb,
    created_at                  timestamptz not null default now()
);

create table ledger_holidays (
    utility_id                  text not null references ledger_utilities (utility_id),
    day                         date not null,
    name                        text not null,
    primary key (utility_id, day)
);

create table ledger_accounts (
    account_id                  text primary key,
    utility_id                  text not null references ledger_utilities (utility_id),
    consumer_name               text not null,
    phone                       text,
    language                    text,
    payment_mode                text not null check (payment_mode in ('prepaid', 'postpaid')),
    tariff_code                 text not null,
    sanctioned_load_kw          numeric(10, 3) not null check (sanctioned_load_kw >= 0),
    opened_at                   timestamptz not null,
    created_at                  timestamptz not null default now()
);

create table ledger_account_meters (
    account_id                  text not null references ledger_accounts (account_id),
    meter_serial                text not null,
    valid_from                  timestamptz not null,
    valid_to                    timestamptz,
    primary key (meter_serial, valid_from),
    check (valid_to is null or valid_to > valid_from)
);
-- a meter serves one account at a time, an account has one live meter at a time
create unique index ledger_account_meters_live_meter on ledger_account_meters (meter_serial) where valid_to is null;
create unique index ledger_account_meters_live_account on ledger_account_meters (account_id) where valid_to is null;
create index ledger_account_meters_account on ledger_account_meters (account_id);

-- explicit, audited history of prepaid/postpaid switches (operator or meter event 211/212)
create table ledger_payment_mode_changes (
    id                          bigserial primary key,
    account_id                  text not null references ledger_accounts (account_id),
    from_mode                   text not null,
    to_mode                     text not null,
    source                      text not null,
    changed_by                  text not null,
    effective_at                timestamptz not null,
    recorded_at                 timestamptz not null default now()
);

create table ledger_tariffs (
    utility_id                  text not null references ledger_utilities (utility_id),
    tariff_code                 text not null,
    effective_from              date not null,
    definition                  jsonb not null,
    loaded_at                   timestamptz not null default now(),
    primary key (utility_id, tariff_code, effective_from)
);
