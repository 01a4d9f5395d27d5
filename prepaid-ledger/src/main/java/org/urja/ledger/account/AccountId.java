package org.urja.ledger.account;

/**
 * A consumer account's identifier, the one printed on the bill. A type of its own on the money path
 * so that an account id and a meter serial (both text) cannot be swapped in a call.
 */
public record AccountId(String value) implements Comparable<AccountId> {

  public AccountId {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("an account id must not be blank");
    }
  }

  public static AccountId of(String value) {
    return new AccountId(value);
  }

  @Override
  public int compareTo(AccountId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
