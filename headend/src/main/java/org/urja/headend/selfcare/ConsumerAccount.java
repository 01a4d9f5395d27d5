package org.urja.headend.selfcare;

import java.util.Optional;
import org.urja.headend.api.Rows;
import org.urja.ledger.account.Account;

/** What self-service needs of an account: who it is, where to reach them, in which language. */
public record ConsumerAccount(
    String accountId, String utilityId, String consumerName, String phone, String language) {

  public static Optional<ConsumerAccount> find(Rows rows, String accountId) {
    return rows.one(
            "select account_id, utility_id, consumer_name, phone, coalesce(language, 'en') as language "
                + "from ledger_api.accounts where account_id = ?",
            accountId)
        .map(
            r ->
                new ConsumerAccount(
                    (String) r.get("accountId"),
                    (String) r.get("utilityId"),
                    (String) r.get("consumerName"),
                    (String) r.get("phone"),
                    (String) r.get("language")));
  }

  static ConsumerAccount of(Account a) {
    return new ConsumerAccount(
        a.accountId(),
        a.utilityId(),
        a.consumerName(),
        a.phone(),
        a.language() == null ? "en" : a.language());
  }

  /** The registered number with all but the last four digits hidden, for "we sent a code to …". */
  public String maskedPhone() {
    if (phone == null || phone.length() < 4) {
      return "";
    }
    return "*".repeat(phone.length() - 4) + phone.substring(phone.length() - 4);
  }

  public boolean hindi() {
    return "hi".equals(language);
  }
}
