-- Issue 7: a payment's reference and channel are bounded where they are stored, behind the checks of
-- PaymentBounds (1-64 and 1-32 printable characters), so no other writer can store a 60,000-character
-- reference either. NOT VALID: rows posted before this version are left as they are; new rows are checked.
-- The per-utility maximum amount and receipt-time tolerance live in ledger_utilities.settings (JSON:
-- maxPaymentPaise, paymentFutureToleranceMinutes) and take their defaults when absent.
alter table payments add constraint payments_reference_bounded
    check (char_length(gateway_reference) between 1 and 64) not valid;
alter table payments add constraint payments_channel_bounded
    check (char_length(channel) between 1 and 32) not valid;
