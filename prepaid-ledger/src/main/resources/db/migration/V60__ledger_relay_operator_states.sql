-- Relay commands that survive real meters: a command the meter refuses for good (access denied,
-- object undefined, service not granted on the association) waits for an operator instead of being
-- retried or re-queued; an operator may cancel any unfinished command or retry a stopped one.

alter table relay_commands drop constraint relay_commands_status_check;
alter table relay_commands add constraint relay_commands_status_check check (status in
    ('created', 'sent', 'confirmed', 'failed', 'expired', 'superseded', 'ready_for_reconnection',
     'needs_operator', 'cancelled'));

-- a command waiting for an operator still occupies its meter and action: the policy job and a
-- recharge see it as pending, so no second command of the same action is queued beside it
drop index relay_commands_one_pending;
create unique index relay_commands_one_pending on relay_commands (meter_serial, action)
    where status in ('created', 'sent', 'needs_operator');

alter table relay_commands
    add column failure_class    text check (failure_class in ('transient', 'permanent', 'unexpected')),
    add column operator_retries integer not null default 0,
    add column operator_note    text;

create index relay_commands_needs_operator on relay_commands (id) where status = 'needs_operator';

-- One row per command and stop: the operator alert raised when a command stops for an operator
-- (refused for good, or a reconnect still unconfirmed at its attempt limit). Keyed by the operator
-- retry it belongs to, so a policy run or a repeated failure never raises a second one.
create table relay_operator_alerts (
    id                          bigserial primary key,
    command_id                  bigint not null references relay_commands (id),
    operator_retry              integer not null,
    meter_serial                text not null,
    action                      text not null,
    reason                      text not null,
    raised_at                   timestamptz not null,
    closed_at                   timestamptz,
    unique (command_id, operator_retry)
);
create index relay_operator_alerts_open on relay_operator_alerts (raised_at) where closed_at is null;
