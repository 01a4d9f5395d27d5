-- A prepaid message (balance, recharge, disconnection) queued before the account switched to
-- postpaid is never delivered: the dispatcher marks it 'suppressed' with the reason (issue 9).

alter table notification_outbox drop constraint notification_outbox_status_check;
alter table notification_outbox add constraint notification_outbox_status_check
    check (status in ('pending', 'delivered', 'dead', 'suppressed')) not valid;
alter table notification_outbox validate constraint notification_outbox_status_check;
