package org.urja.protocol.axdr;

/** Measures of a decoded value, for tests that check the decoder's bounds. */
public final class DataShape {
  private DataShape() {}

  /** Values in {@code d}, itself included. */
  public static long values(DlmsData d) {
    long n = 1;
    if (d instanceof DlmsData.Composite c) {
      for (DlmsData item : c.items()) {
        n += values(item);
      }
    }
    return n;
  }

  /** Levels of nesting: 1 for a scalar. */
  public static int depth(DlmsData d) {
    int deepest = 0;
    if (d instanceof DlmsData.Composite c) {
      for (DlmsData item : c.items()) {
        deepest = Math.max(deepest, depth(item));
      }
    }
    return deepest + 1;
  }
}
