-- Issue 7: secrets (OTPs) never in plain text. A message carrying one keeps its body and payload with
-- the secret replaced by '******' (what the API, the dashboard and the logs show) and the secret
-- itself sealed with AES-GCM in sealed_secret; the dispatcher opens it only to hand the message to
-- the channel, and clears it once the message is delivered or dead. expires_at: a message that is
-- worthless after a time (an OTP after its TTL) is dead-lettered as expired instead of sent late.
alter table notification_outbox add column sealed_secret text;
alter table notification_outbox add column expires_at timestamptz;

-- The sealing key when none is configured: generated once per database by the first node that needs
-- it. It keeps secrets out of every view, export and log of the outbox; it does not protect against
-- someone holding a dump of the whole database (configure notify.seal.key for that).
create table notification_seal_key (
    id                          smallint primary key check (id = 1),
    key                         bytea not null,
    created_at                  timestamptz not null default now()
);
