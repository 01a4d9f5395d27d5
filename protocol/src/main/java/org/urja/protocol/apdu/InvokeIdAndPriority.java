package org.urja.protocol.apdu;

/**
 * The Invoke-Id-And-Priority byte of confirmed xDLMS services: bit 7 priority (1 = high), bit 6
 * service class (1 = confirmed), bits 0–3 the invoke id. A response echoes the request's byte, so
 * APDU records carry it raw and this class only builds and reads it.
 */
public final class InvokeIdAndPriority {
  public static final int HIGH_PRIORITY = 0x80;
  public static final int CONFIRMED = 0x40;

  private InvokeIdAndPriority() {}

  /** A confirmed request with the given invoke id (0–15) and normal priority. */
  public static int confirmed(int invokeId) {
    if (invokeId < 0 || invokeId > 15) {
      throw new IllegalArgumentException("invoke id must be 0..15, got " + invokeId);
    }
    return CONFIRMED | invokeId;
  }

  public static int invokeId(int invokeIdAndPriority) {
    return invokeIdAndPriority & 0x0F;
  }

  public static boolean isConfirmed(int invokeIdAndPriority) {
    return (invokeIdAndPriority & CONFIRMED) != 0;
  }
}
