package org.urja.ledger.alerts;

/** The consumer messages of prepaid metering. All are prepaid messages: postpaid accounts never get them. */
public enum NotificationKind {
  BALANCE_LOW,
  BALANCE_EXHAUSTED,
  DAYS_OF_SUPPLY_LOW,
  DISCONNECTION_NOTICE,
  /** The morning of the planned day, when the notice went out on an earlier day. */
  DISCONNECTION_TODAY,
  DISCONNECTED,
  RECONNECTED,
  PRESS_BUTTON_TO_RECONNECT,
  RECHARGE_RECEIPT,
  /** The balance and yesterday's charges, once a day, where the utility sends it. */
  DAILY_SUMMARY;

  public String dbValue() {
    return name().toLowerCase();
  }
}
