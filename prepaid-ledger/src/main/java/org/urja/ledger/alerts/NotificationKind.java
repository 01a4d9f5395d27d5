package org.urja.ledger.alerts;

import java.util.Arrays;
import java.util.List;

/**
 * The consumer messages, each for the accounts of one payment mode or of both: prepaid messages
 * (balances, recharges, disconnection for credit) never reach a postpaid account, bill messages
 * never a prepaid one, and events every consumer lives through (a complaint, an outage, the supply
 * switched by the utility) reach both, in words that name no payment mode.
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
  PAYMENT_RECEIPT(Audience.POSTPAID),
  /** A prepaid recharge was reversed by its gateway or an operator: the balance after it. */
  RECHARGE_REVERSED(Audience.PREPAID),
  /** A postpaid payment was reversed: the bills it had settled are due again. */
  PAYMENT_REVERSED(Audience.POSTPAID),
  /**
   * The supply was switched off other than by the prepaid engine for credit: by an operator, or for
   * a postpaid account. Says nothing of balances.
   */
  SUPPLY_DISCONNECTED(Audience.ALL),
  /** The supply was restored other than after a recharge (an operator, a postpaid account). */
  SUPPLY_RECONNECTED(Audience.ALL),
  /** As {@link #SUPPLY_RECONNECTED}, where the meter waits for its button to be pressed. */
  SUPPLY_READY_TO_RECONNECT(Audience.ALL),
  COMPLAINT_REGISTERED(Audience.ALL),
  /** A complaint moved to another status (in progress, closed, reopened). */
  COMPLAINT_STATUS_CHANGED(Audience.ALL),
  COMPLAINT_RESOLVED(Audience.ALL),
  /** A supply interruption was recognised on the feeder that serves the account. */
  OUTAGE_OPENED(Audience.ALL),
  OUTAGE_RESTORED(Audience.ALL);

  /** Which accounts a kind of message may reach. */
  public enum Audience {
    PREPAID,
    POSTPAID,
    /** Both modes: the text must hold for a prepaid and a postpaid consumer alike. */
    ALL;

    /** Whether an account of this payment mode may receive a message for this audience. */
    public boolean reaches(boolean prepaidAccount) {
      return this == ALL || (this == PREPAID) == prepaidAccount;
    }
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
