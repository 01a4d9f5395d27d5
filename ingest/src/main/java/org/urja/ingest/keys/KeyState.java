package org.urja.ingest.keys;

/**
 * Where a version of a meter's keys stands. A meter has at most one {@link #ACTIVE} version (the
 * keys the head-end uses with it) and at most one {@link #PENDING} one (a rotation stored but not
 * yet confirmed in use on the meter); everything superseded or cancelled is {@link #RETIRED}.
 */
public enum KeyState {
  PENDING,
  ACTIVE,
  RETIRED;

  public String wire() {
    return name().toLowerCase();
  }

  public static KeyState fromWire(String s) {
    return valueOf(s.toUpperCase());
  }
}
