-- Transactional outbox for consumer messages: rows are written in the transaction that made the
-- balance cross a threshold, one row per message and channel, and delivered by NotificationDispatcher.

create table notification_outbox (
    id                          bigserial primary key,
    account_id                  text not null references ledger_accounts (account_id),
    utility_id                  text not null,
    kind                        text not null,
    language                    text not null,
    channel                     text not null,
    recipient                   text,
    dedup_key                   text not null,
    body                        text not null,
    payload                     jsonb not null,
    status                      text not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
    attempts                    integer not null default 0,
    next_attempt_at             timestamptz not null default now(),
    last_error                  text,
    created_at                  timestamptz not null default now(),
    delivered_at                timestamptz,
    unique (dedup_key, channel)
);
create index notification_outbox_due on notification_outbox (channel, next_attempt_at) where status = 'pending';

-- thresholds already announced since the last recharge: one message per crossing
create table ledger_alert_marks (
    account_id                  text not null references ledger_accounts (account_id),
    alert_key                   text not null,
    fired_at                    timestamptz not null,
    primary key (account_id, alert_key)
);
