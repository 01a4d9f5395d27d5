package org.urja.protocol.axdr;

/**
 * What one decode may still spend: values decoded so far against {@link AxdrLimits#MAX_ELEMENTS}.
 * One instance per top-level decode, never shared between threads.
 */
final class DecodeBudget {
  private int elements;

  /** Counts one more value, failing the decode once the limit is passed. */
  void spend(String what) {
    if (++elements > AxdrLimits.MAX_ELEMENTS) {
      throw new AxdrException(
          "Data has more than " + AxdrLimits.MAX_ELEMENTS + " values (at " + what + ")");
    }
  }

  static void checkDepth(int depth) {
    if (depth > AxdrLimits.MAX_DEPTH) {
      throw new AxdrException("Data nested deeper than " + AxdrLimits.MAX_DEPTH + " levels");
    }
  }
}
