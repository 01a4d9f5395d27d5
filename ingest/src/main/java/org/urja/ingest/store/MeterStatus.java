package org.urja.ingest.store;

import java.util.Locale;

/** How the head-end came to know a meter, and whether its readings are trusted. */
public enum MeterStatus {
  /** Registered by an operator or the utility's meter data system. */
  REGISTERED,
  /** First seen on the wire and admitted under the AUTO_REGISTER policy. */
  AUTO_REGISTERED,
  /** Known but not trusted: its readings go to the quarantine tables. */
  QUARANTINED;

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MeterStatus fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
