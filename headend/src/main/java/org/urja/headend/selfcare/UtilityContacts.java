package org.urja.headend.selfcare;

import java.util.List;
import org.urja.headend.api.ApiError;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.UtilityContact;
import org.urja.ledger.account.UtilityRegistry;

/**
 * How consumers reach their own utility: the contact details each utility publishes in its
 * settings; a utility that published none is answered with the node's {@code selfcare.contact}.
 */
public final class UtilityContacts {
  private final UtilityRegistry utilities;
  private final AccountRegistry accounts;
  private final String nodeDefault;

  UtilityContacts(UtilityRegistry utilities, AccountRegistry accounts, String nodeDefault) {
    this.utilities = utilities;
    this.accounts = accounts;
    this.nodeDefault = nodeDefault;
  }

  /**
   * @param contact what the utility published; when nothing, the node's helpline text
   */
  public record Contact(String utilityId, String name, UtilityContact contact) {
    /** Labelled lines in the consumer's language, in a fixed order. */
    public List<String> lines(boolean hindi) {
      return contact.lines(hindi);
    }
  }

  public Contact of(String utilityId) {
    String name =
        utilities
            .name(utilityId)
            .orElseThrow(
                () -> new ApiError(404, "utility_not_found", "no utility " + utilityId, null));
    UtilityContact published = utilities.settings(utilityId).contact();
    return new Contact(
        utilityId,
        name,
        published.publishesNothing()
            ? new UtilityContact(nodeDefault, null, null, null, null)
            : published);
  }

  /** The contact of the utility that serves the account. */
  public Contact ofAccount(String accountId) {
    return of(
        accounts
            .find(accountId)
            .orElseThrow(
                () -> new ApiError(404, "account_not_found", "no account " + accountId, null))
            .utilityId());
  }

  /** What "6 Contact us" says before any account is linked: the node's helpline. */
  public String nodeDefault() {
    return nodeDefault;
  }
}
