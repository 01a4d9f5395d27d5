-- Self-care (issue 9): a consumer who proves a mobile number by OTP sees every connection
-- registered with it, in every utility. Utilities write numbers as they please (+91 98..., 098...),
-- so accounts are found by the number's last ten digits; MobileDirectory queries this expression.
create index ledger_accounts_mobile
    on ledger_accounts (right(regexp_replace(coalesce(phone, ''), '\D', '', 'g'), 10));
