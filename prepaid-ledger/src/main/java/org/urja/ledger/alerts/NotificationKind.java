package org.urja.ledger.alerts;

import java.util.Arrays;
import java.util.List;

/**
 * The consumer messages of the ledger, each for the accounts of one payment mode: prepaid messages
 * (balances, recharges, disconnection) never reach a postpaid account, and bill messages never a
 * prepaid one.
 */
public enum NotificationKind {
  BALANCE_LOW(Audience.PREPAID),
  BALANCE_EXHAUSTED(Audience.PREPAID),
  DAYS_OF_SUPPLY_LOW(Audience.PREPAID),
  DISCONNECTION_NOTICE(Audience.PREPAID),
  /** The morning of the planned day, when the notice went out on an earlier day. */
  DISCONNECTION_TODAY(Audience.PREPAID),
  DISCONNECTED(Audience.PREPAID),
  RECONNECTED(Audience.PREPAID),
  PRESS_BUTTON_TO_RECONNECT(Audience.PREPAID),
  RECHARGE_RECEIPT(Audience.PREPAID),
  /** The balance and yesterday's charges, once a day, where the utility sends it. */
  DAILY_SUMMARY(Audience.PREPAID),
  /** A postpaid monthly bill was issued. */
  BILL_ISSUED(Audience.POSTPAID),
  /** A postpaid bill is due soon, or today, and is not yet paid. */
  BILL_DUE(Audience.POSTPAID),
  /** A postpaid consumer's payment, with the bills it settled: no balance, no recharge wording. */
  PAYMENT_RECEIPT(Audience.POSTPAID);

  /** Which accounts a kind of message may reach. */
  public enum Audience {
    PREPAID,
    POSTPAID
  }

  private final Audience audience;

  NotificationKind(Audience audience) {
    this.audience = audience;
  }

  public Audience audience() {
    return audience;
  }

  public boolean isPrepaidOnly() {
    return audience == Audience.PREPAID;
  }

  public String dbValue() {
    return name().toLowerCase();
  }

  /**
   * The stored kinds ({@code notification_outbox.kind}) that only a prepaid account may receive.
   */
  public static List<String> prepaidOnlyDbValues() {
    return Arrays.stream(values())
        .filter(NotificationKind::isPrepaidOnly)
        .map(NotificationKind::dbValue)
        .toList();
  }
}
