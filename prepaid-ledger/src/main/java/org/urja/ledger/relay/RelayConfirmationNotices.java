package org.urja.ledger.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.alerts.NotificationKind;
import org.urja.ledger.alerts.Notifier;
import org.urja.ledger.money.IndianFormat;
import org.urja.ledger.money.Money;

/**
 * Tells the consumer what a confirmed relay command did to their supply, once per command and
 * outcome. A prepaid consumer hears of a reconnection, and of the prepaid engine's disconnection
 * for credit, in prepaid words with the balance; an operator's disconnection of a prepaid account
 * (tamper, a request), and any command for a postpaid account (an operator's disconnection, the
 * engine lifting its disconnection after a switch to postpaid), in words that name no balance.
 */
public final class RelayConfirmationNotices {

  /** {@code requested_by} of the prepaid engine's own commands (an operator's: "operator:…"). */
  private static final String SYSTEM = "system";

  private final Notifier notifier;

  public RelayConfirmationNotices(Notifier notifier) {
    this.notifier = notifier;
  }

  void confirmed(Connection c, RelayCommand cmd, Instant at) throws SQLException {
    if (cmd.accountId() == null) {
      return;
    }
    Account account = AccountRegistry.find(c, cmd.accountId()).orElseThrow();
    // a reconnection is good news in prepaid words whoever sent it; a disconnection is said to be
    // for the balance only when the prepaid engine decided it
    boolean forCredit =
        account.isPrepaid()
            && (cmd.action() == RelayAction.RECONNECT || SYSTEM.equals(cmd.requestedBy()));
    NotificationKind kind =
        switch (cmd.status()) {
          case READY_FOR_RECONNECTION ->
              forCredit
                  ? NotificationKind.PRESS_BUTTON_TO_RECONNECT
                  : NotificationKind.SUPPLY_READY_TO_RECONNECT;
          case CONFIRMED -> {
            if (cmd.action() == RelayAction.DISCONNECT) {
              yield forCredit
                  ? NotificationKind.DISCONNECTED
                  : NotificationKind.SUPPLY_DISCONNECTED;
            }
            yield forCredit ? NotificationKind.RECONNECTED : NotificationKind.SUPPLY_RECONNECTED;
          }
          default -> null;
        };
    if (kind == null) {
      return;
    }
    notifier.notify(
        c,
        account,
        kind,
        Map.of(
            "when",
            IndianFormat.dateTime(at),
            "balance",
            Money.ofPaise(balance(c, cmd.accountId())).format()),
        "relay:" + cmd.id() + ":" + cmd.status().dbValue());
  }

  private static long balance(Connection c, String accountId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select balance_paise from balances where account_id = ?")) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }
}
