-- The ledger's public face: the only relations another module may name in its SQL (issue 10).
-- Read-only: every change of money, relay command or consumer message goes through the ledger's
-- Java API (PrepaidEngine, RelayCommandQueue, Notifier ...), which keeps the journal, idempotency
-- keys and outbox rules in one place. Simple views are inlined by the planner, so a query through
-- one plans exactly as it did against the table. docs/ARCHITECTURE.md lists them.
create schema if not exists ledger_api;

create or replace view ledger_api.accounts as
select account_id, utility_id, consumer_name, phone, language, payment_mode, tariff_code,
       sanctioned_load_kw, opened_at, created_at
  from ledger_accounts;

create or replace view ledger_api.balances as
select account_id, balance_paise, last_recharge_paise, last_recharge_at, negative_since,
       entry_count, updated_at
  from balances;

-- which meter serves which account, over time (valid_to null = serving now)
create or replace view ledger_api.account_meters as
select account_id, meter_serial, valid_from, valid_to
  from ledger_account_meters;

create or replace view ledger_api.journal as
select id, account_id, kind, amount_paise, balance_after_paise, idempotency_key, meter_serial,
       reference, details, occurred_at, recorded_at
  from ledger_entries;

create or replace view ledger_api.meter_charge_state as
select meter_serial, account_id, last_wh, last_ts, updated_at
  from ledger_meter_charge_state;

create or replace view ledger_api.monthly_consumption as
select account_id, billing_month, kwh
  from ledger_monthly_consumption;

create or replace view ledger_api.arrears as
select account_id, outstanding_paise, recovery_percent, monthly_cap_paise, updated_at
  from ledger_arrears;

create or replace view ledger_api.arrears_recoveries as
select gateway_reference, account_id, amount_paise, outstanding_after_paise, billing_month,
       entry_id, reversal_entry_id
  from ledger_arrears_recoveries;

create or replace view ledger_api.payments as
select gateway_reference, account_id, amount_paise, channel, received_at, status, receipt_number,
       balance_after_paise, credit_entry_id, reversed_at, reversal_reason, reversal_entry_id, created_at
  from payments;

create or replace view ledger_api.relay_state as
select meter_serial, state, confirmed_at, command_id
  from ledger_relay_state;

create or replace view ledger_api.relay_commands as
select id, meter_serial, account_id, action, status, reason, requested_by, attempts, max_attempts,
       next_attempt_at, expires_at, last_error, relay_state, superseded_by, failure_class,
       operator_retries, operator_note, created_at, sent_at, completed_at, updated_at
  from relay_commands;

-- consumer messages; the sealed secret (OTPs, links) and the raw payload are not part of the face
create or replace view ledger_api.notifications as
select id, account_id, utility_id, kind, language, channel, recipient, dedup_key, body, status,
       attempts, next_attempt_at, last_error, expires_at, created_at, delivered_at
  from notification_outbox;
