-- Head-end API: keys with roles (stored as SHA-256 of the key, never the key) and an audit trail
-- of every state-changing call.
create table api_keys (
    id                          bigserial primary key,
    name                        text not null,
    role                        text not null check (role in ('operator', 'payment-gateway', 'consumer-channel')),
    -- null: every utility (an installation-wide operator)
    utility_id                  text,
    key_hash                    text not null unique,
    created_by                  text not null,
    created_at                  timestamptz not null default now(),
    revoked_at                  timestamptz
);

create table api_audit (
    id                          bigserial primary key,
    at                          timestamptz not null default now(),
    principal                   text not null,
    role                        text not null,
    method                      text not null,
    path                        text not null,
    status                      integer not null,
    detail                      text
);
create index api_audit_at on api_audit (at);
