package org.urja.ledger.charging;

import java.time.ZoneId;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountId;

/**
 * What the charging rules need to know about an account: its tariff, whether it pays in advance,
 * its zone.
 */
public record ChargedAccount(
    AccountId id, String utilityId, String tariffCode, boolean prepaid, ZoneId zone) {

  public static ChargedAccount of(Account a, ZoneId zone) {
    return new ChargedAccount(
        AccountId.of(a.accountId()), a.utilityId(), a.tariffCode(), a.isPrepaid(), zone);
  }
}
