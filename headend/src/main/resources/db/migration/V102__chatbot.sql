-- WhatsApp conversations: state per phone number, and every message in and out.
create table chat_conversations (
    phone                       text primary key,
    language                    text not null default 'en',
    state                       text not null default 'menu',
    account_id                  text references ledger_accounts (account_id),
    pending                     jsonb not null default '{}'::jsonb,
    updated_at                  timestamptz not null default now()
);

create table chat_messages (
    id                          bigserial primary key,
    phone                       text not null,
    direction                   text not null check (direction in ('in', 'out')),
    -- WhatsApp's message id: the Cloud API redelivers webhooks, a message is answered once
    wa_message_id               text unique,
    body                        text not null,
    status                      text not null,
    at                          timestamptz not null default now()
);
create index chat_messages_phone on chat_messages (phone, id);
