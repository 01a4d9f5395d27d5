-- Consumer self-service: who may read which account, OTPs proving the registered mobile number,
-- complaints and outages.

-- subject: 'key:{api key id}' for a self-care app key, 'wa:{phone}' for a chatbot conversation
create table consumer_links (
    subject                     text not null,
    account_id                  text not null references ledger_accounts (account_id),
    linked_at                   timestamptz not null default now(),
    primary key (subject, account_id)
);

create table consumer_otps (
    id                          bigserial primary key,
    subject                     text not null,
    account_id                  text not null references ledger_accounts (account_id),
    code_hash                   text not null,
    expires_at                  timestamptz not null,
    attempts                    integer not null default 0,
    used_at                     timestamptz,
    created_at                  timestamptz not null default now()
);
create index consumer_otps_subject on consumer_otps (subject, account_id, created_at);

-- where a meter sits in the distribution network: an outage is recognised per feeder
create table meter_network (
    meter_serial                text primary key,
    feeder                      text not null,
    transformer                 text
);
create index meter_network_feeder on meter_network (feeder);

create table outages (
    id                          bigserial primary key,
    utility_id                  text,
    feeder                      text not null,
    opened_at                   timestamptz not null,
    first_event_at              timestamptz not null,
    meters_affected             integer not null,
    closed_at                   timestamptz
);
create unique index outages_one_open_per_feeder on outages (feeder) where closed_at is null;

create sequence complaint_seq;

create table complaints (
    complaint_number            text primary key,
    account_id                  text not null references ledger_accounts (account_id),
    utility_id                  text not null,
    category                    text not null check (category in
                                   ('supply_interruption', 'faulty_meter', 'bill_correction', 'new_connection')),
    description                 text not null default '',
    status                      text not null default 'open' check (status in ('open', 'in_progress', 'resolved', 'closed')),
    channel                     text not null,
    created_at                  timestamptz not null default now(),
    updated_at                  timestamptz not null default now(),
    resolution                  text
);
create index complaints_account on complaints (account_id, created_at);
