package org.urja.ledger.charging;

import java.util.Map;

/**
 * Told, after each charging transaction commits, the balance its deductions left on each meter's
 * account: what a caller needs to put the readings of meters close to running out of credit ahead
 * of the rest (their disconnection decision depends on them), without a query of its own.
 */
@FunctionalInterface
public interface ChargedBalances {

  ChargedBalances NONE = balances -> {};

  /**
   * @param balanceAfterByMeter meter serial to its account's balance in paise after the committed
   *     transaction, for every meter that had a deduction in it
   */
  void charged(Map<String, Long> balanceAfterByMeter);
}
