package org.urja.ledger.account;

/**
 * A meter's serial (its logical device name as identified by ingest), as the ledger links it to an
 * account. A type of its own on the money path so that it cannot be passed where an account id
 * goes.
 */
public record MeterSerial(String value) implements Comparable<MeterSerial> {

  public MeterSerial {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a meter serial must not be blank");
    }
  }

  public static MeterSerial of(String value) {
    return new MeterSerial(value);
  }

  @Override
  public int compareTo(MeterSerial o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
