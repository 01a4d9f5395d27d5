package org.urja.protocol.obis;

import java.util.regex.Pattern;

/**
 * An OBIS code (IEC 62056-61): six value groups A.B.C.D.E.F, each 0..255, naming a COSEM object.
 * Immutable; parse from the dotted form used in this project ("1.0.1.8.0.255") or from the six-byte
 * logical name carried on the wire.
 */
public record ObisCode(int a, int b, int c, int d, int e, int f) implements Comparable<ObisCode> {

  private static final Pattern SEPARATORS = Pattern.compile("[.:\\-*]");

  public ObisCode {
    check(a, "A");
    check(b, "B");
    check(c, "C");
    check(d, "D");
    check(e, "E");
    check(f, "F");
  }

  private static void check(int v, String group) {
    if (v < 0 || v > 255) {
      throw new IllegalArgumentException(
          "OBIS value group " + group + " out of range 0..255: " + v);
    }
  }

  /** Parses "1.0.1.8.0.255"; also accepts the "1-0:1.8.0*255" and "1.0.1.8.0" (F=255) forms. */
  public static ObisCode parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("OBIS code is missing");
    }
    String[] parts = SEPARATORS.split(text.trim());
    if (parts.length != 6 && parts.length != 5) {
      throw new IllegalArgumentException("OBIS code must have six value groups: '" + text + "'");
    }
    int[] v = new int[6];
    v[5] = 255;
    for (int i = 0; i < parts.length; i++) {
      try {
        v[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(
            "OBIS code has a non-numeric value group: '" + text + "'");
      }
    }
    return new ObisCode(v[0], v[1], v[2], v[3], v[4], v[5]);
  }

  /** From the six-byte logical name of a COSEM object. */
  public static ObisCode fromBytes(byte[] ln) {
    if (ln == null || ln.length != 6) {
      throw new IllegalArgumentException(
          "a logical name is six bytes, got " + (ln == null ? "none" : ln.length));
    }
    return new ObisCode(
        ln[0] & 0xFF, ln[1] & 0xFF, ln[2] & 0xFF, ln[3] & 0xFF, ln[4] & 0xFF, ln[5] & 0xFF);
  }

  public byte[] toBytes() {
    return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d, (byte) e, (byte) f};
  }

  @Override
  public int compareTo(ObisCode o) {
    return Long.compare(packed(), o.packed());
  }

  /** The six groups in one long, convenient as a map key or a sort key. */
  public long packed() {
    return ((long) a << 40) | ((long) b << 32) | ((long) c << 24) | (d << 16) | (e << 8) | f;
  }

  @Override
  public String toString() {
    return a + "." + b + "." + c + "." + d + "." + e + "." + f;
  }
}
