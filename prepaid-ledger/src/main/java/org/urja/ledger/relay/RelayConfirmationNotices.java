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

/** Tells a prepaid consumer what a confirmed relay command did to their supply. */
public final class RelayConfirmationNotices {

  private final Notifier notifier;

  public RelayConfirmationNotices(Notifier notifier) {
    this.notifier = notifier;
  }

  void confirmed(Connection c, RelayCommand cmd, Instant at) throws SQLException {
    if (cmd.accountId() == null) {
      return;
    }
    Account account = AccountRegistry.find(c, cmd.accountId()).orElseThrow();
    NotificationKind kind =
        switch (cmd.status()) {
          case READY_FOR_RECONNECTION -> NotificationKind.PRESS_BUTTON_TO_RECONNECT;
          case CONFIRMED ->
              cmd.action() == RelayAction.DISCONNECT
                  ? NotificationKind.DISCONNECTED
                  : NotificationKind.RECONNECTED;
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
