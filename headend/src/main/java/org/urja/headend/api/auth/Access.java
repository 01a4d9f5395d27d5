package org.urja.headend.api.auth;

import java.util.Map;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Rows;

/**
 * Which accounts and meters a principal may see: operators those of their utility, consumer
 * channels only the accounts linked to them by OTP. A meter belongs to a utility through its own
 * {@code utility} column or through the account it serves.
 */
public final class Access {
  private final Rows rows;

  public Access(Rows rows) {
    this.rows = rows;
  }

  /** The account's utility; 404 {@code account_not_found} when there is no such account. */
  public String exists(String accountId) {
    return rows.one("select utility_id from ledger_api.accounts where account_id = ?", accountId)
        .map(r -> (String) r.get("utilityId"))
        .orElseThrow(() -> new ApiError(404, "account_not_found", "no account " + accountId, null));
  }

  /** The account's utility, once the principal is known to be allowed to read it. */
  public String account(Principal who, String accountId) {
    String utility = exists(accountId);
    switch (who.role()) {
      case OPERATOR -> {
        if (!who.seesUtility(utility)) {
          throw new ApiError(
              403, "other_utility", "account " + accountId + " belongs to another utility", null);
        }
      }
      case CONSUMER_CHANNEL -> {
        if (!isLinked(who.subject(), accountId)) {
          throw new ApiError(
              403,
              "account_not_linked",
              "account "
                  + accountId
                  + " is not linked to this consumer; link it with POST /api/selfcare/links",
              null);
        }
      }
      default ->
          throw new ApiError(
              403, "forbidden", "a " + who.role().wire() + " key may not read accounts", null);
    }
    return utility;
  }

  public boolean isLinked(String subject, String accountId) {
    return rows.count(
            "select count(*) from consumer_links where subject = ? and account_id = ?",
            subject,
            accountId)
        > 0;
  }

  /** The meter row (id, serial, utility, …) once the operator is known to be allowed to see it. */
  public Map<String, Object> meter(Principal who, String serial) {
    Map<String, Object> m =
        rows.one(
                "select m.id, m.serial, coalesce(m.utility, a.utility_id) as utility, m.model, "
                    + "m.status, m.transport, m.remote_address, m.first_seen, m.last_seen, l.account_id "
                    + "from ingest_api.meters m left join ledger_api.account_meters l on l.meter_serial = m.serial and l.valid_to is null "
                    + "left join ledger_api.accounts a on a.account_id = l.account_id where m.serial = ?",
                serial)
            .orElseThrow(
                () -> new ApiError(404, "meter_not_found", "no meter with serial " + serial, null));
    if (!who.is(Role.OPERATOR) || !who.seesUtility((String) m.get("utility"))) {
      throw new ApiError(
          403, "other_utility", "meter " + serial + " belongs to another utility", null);
    }
    return m;
  }
}
