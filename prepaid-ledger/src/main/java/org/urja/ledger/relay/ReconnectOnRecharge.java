package org.urja.ledger.relay;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.journal.BalanceChange;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.money.Money;

/**
 * Queues the reconnection in the same transaction as the recharge that made it possible, instead of
 * waiting for the next {@link RelayPolicyJob} sweep (UP's regulation gives two hours). A pending
 * disconnect is superseded.
 */
public final class ReconnectOnRecharge implements BalanceListener {

  private final RelayCommandQueue queue;

  public ReconnectOnRecharge(RelayCommandQueue queue) {
    this.queue = queue;
  }

  @Override
  public void onBalanceChanges(Connection c, List<BalanceChange> changes) throws SQLException {
    List<BalanceChange> rises =
        changes.stream().filter(ch -> ch.afterPaise() > ch.beforePaise()).toList();
    if (rises.isEmpty()) {
      return;
    }
    Map<String, Account> accounts =
        AccountRegistry.findAll(c, rises.stream().map(BalanceChange::accountId).toList());
    for (BalanceChange ch : rises) {
      Account account = accounts.get(ch.accountId());
      if (!account.isPrepaid()) {
        continue;
      }
      long minimum = UtilityRegistry.settings(c, account.utilityId()).reconnectMinimumPaise();
      Optional<String> meter = RelayTargets.liveMeter(c, ch.accountId());
      if (ch.afterPaise() < Math.max(0, minimum) || meter.isEmpty()) {
        continue;
      }
      boolean disconnected =
          RelayCommandStore.relayState(c, meter.get()).orElse(null) == RelayState.DISCONNECTED;
      boolean disconnectPending =
          RelayTargets.pendingAction(c, meter.get()).orElse(null) == RelayAction.DISCONNECT;
      if (disconnected || disconnectPending) {
        queue.request(
            c,
            meter.get(),
            ch.accountId(),
            RelayAction.RECONNECT,
            "recharged: balance " + Money.ofPaise(ch.afterPaise()).format(),
            "system");
      }
    }
  }
}
