-- Self-care as the seeds' apps do it (issue 9 item 5): a consumer (an app key's user, a WhatsApp
-- number) registers a mobile number once by OTP and then sees every connection registered with it.

-- the mobiles a subject has proven (national number, ten digits): a WhatsApp sender's own number,
-- and any other registered number whose code they entered
create table consumer_mobiles (
    subject                     text not null,
    mobile                      text not null check (mobile ~ '^\d{10}$'),
    verified_at                 timestamptz not null default now(),
    primary key (subject, mobile)
);

-- a code now proves either an account's registered mobile (account_id) or a mobile itself (mobile)
alter table consumer_otps alter column account_id drop not null;
alter table consumer_otps add column mobile text;
alter table consumer_otps add constraint consumer_otps_one_target
    check ((account_id is null) <> (mobile is null));
create index consumer_otps_mobile on consumer_otps (mobile, created_at) where mobile is not null;

-- how a link came about: 'otp' (code to the account's registered mobile), 'mobile' (the account is
-- registered with the subject's proven mobile; withdrawn when the account's number changes),
-- 'whatsapp' (the sender's number is the account's registered one)
alter table consumer_links add column via text not null default 'otp'
    check (via in ('otp', 'mobile', 'whatsapp'));
