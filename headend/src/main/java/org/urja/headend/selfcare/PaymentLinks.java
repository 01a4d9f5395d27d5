package org.urja.headend.selfcare;

import java.util.Optional;
import org.urja.headend.api.ApiError;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.PaymentLinkTemplate;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.journal.LedgerQueries;

/**
 * Where a consumer pays: the utility's payment gateway page ({@link
 * UtilitySettings#paymentLinkTemplate}), else the node's {@code selfcare.recharge.url}, filled in
 * for one account. With neither configured there is no link, and nothing offers one: a placeholder
 * URL sent to a consumer is worse than none.
 */
public final class PaymentLinks {
  private final AccountRegistry accounts;
  private final UtilityRegistry utilities;
  private final LedgerQueries ledger;
  private final Optional<PaymentLinkTemplate> nodeDefault;

  PaymentLinks(
      AccountRegistry accounts,
      UtilityRegistry utilities,
      LedgerQueries ledger,
      Optional<PaymentLinkTemplate> nodeDefault) {
    this.accounts = accounts;
    this.utilities = utilities;
    this.ledger = ledger;
    this.nodeDefault = nodeDefault;
  }

  /** A link to pay for the account; {@code amountPaise} null: {@link #suggestedPaise}. */
  public Optional<Link> forAccount(String accountId, Long amountPaise) {
    Account a =
        accounts
            .find(accountId)
            .orElseThrow(
                () -> new ApiError(404, "account_not_found", "no account " + accountId, null));
    Optional<PaymentLinkTemplate> template =
        utilities.settings(a.utilityId()).paymentLink().or(() -> nodeDefault);
    if (template.isEmpty()) {
      return Optional.empty();
    }
    Long amount = amountPaise != null ? amountPaise : suggestedPaise(a);
    return Optional.of(
        new Link(accountId, template.get().fill(a.utilityId(), accountId, amount), amount));
  }

  /** The link for the chatbot's texts, or empty. */
  public Optional<String> url(String accountId) {
    return forAccount(accountId, null).map(Link::url);
  }

  /**
   * What the amount placeholders are filled with when the consumer named none: what is owed (a
   * postpaid account's balance is minus its dues; a prepaid one below zero needs that much, plus
   * the utility's reconnection minimum, to get supply back); null otherwise, and the gateway's page
   * asks.
   */
  Long suggestedPaise(Account a) {
    long balance = ledger.balancePaise(a.accountId());
    if (balance >= 0) {
      return null;
    }
    long reconnect = a.isPrepaid() ? utilities.settings(a.utilityId()).reconnectMinimumPaise() : 0L;
    return -balance + reconnect;
  }

  /**
   * @param amountPaise the amount put into the link, null when none
   */
  public record Link(String accountId, String url, Long amountPaise) {}
}
