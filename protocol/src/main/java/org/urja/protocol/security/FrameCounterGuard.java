package org.urja.protocol.security;

/**
 * Checks the invocation (frame) counter of a ciphered APDU received from a meter: a counter not
 * above the last one accepted from that meter's system title is a replay. Implementations record
 * the accepted value, so the check and the update are one step.
 */
@FunctionalInterface
public interface FrameCounterGuard {
  /** True when {@code frameCounter} is new for this meter (and is now the last accepted). */
  boolean accept(String meterSerial, byte[] systemTitle, long frameCounter);
}
