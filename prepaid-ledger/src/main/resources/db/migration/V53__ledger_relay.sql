-- Relay command outbox: what the ledger (or an operator) wants done to a meter's disconnect control
-- (class 70), carried to the meter by the head-end's dispatcher and confirmed by reading the state back.

create table relay_commands (
    id                          bigserial primary key,
    meter_serial                text not null,
    account_id                  text references ledger_accounts (account_id),
    action                      text not null check (action in ('disconnect', 'reconnect')),
    status                      text not null default 'created' check (status in
                                   ('created', 'sent', 'confirmed', 'failed', 'expired', 'superseded',
                                    'ready_for_reconnection')),
    reason                      text not null,
    requested_by                text not null,
    attempts                    integer not null default 0,
    max_attempts                integer not null,
    next_attempt_at             timestamptz not null,
    expires_at                  timestamptz,
    last_error                  text,
    relay_state                 text,
    superseded_by               bigint references relay_commands (id),
    created_at                  timestamptz not null,
    sent_at                     timestamptz,
    completed_at                timestamptz,
    updated_at                  timestamptz not null
);
-- never two pending commands of the same action for a meter
create unique index relay_commands_one_pending on relay_commands (meter_serial, action)
    where status in ('created', 'sent');
create index relay_commands_due on relay_commands (next_attempt_at) where status in ('created', 'sent');
create index relay_commands_meter on relay_commands (meter_serial, id);

-- the relay state last read back from each meter
create table ledger_relay_state (
    meter_serial                text primary key,
    state                       text not null check (state in ('connected', 'disconnected', 'ready_for_reconnection')),
    confirmed_at                timestamptz not null,
    command_id                  bigint references relay_commands (id)
);
