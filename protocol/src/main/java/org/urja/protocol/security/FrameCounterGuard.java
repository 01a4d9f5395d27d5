package org.urja.protocol.security;

/**
 * Checks the invocation (frame) counter of a ciphered APDU received from a meter: a counter
 * accepted before from that meter's system title is a replay. Implementations record the accepted
 * value, so the check and the update are one step. (The head-end's store also accepts, once, a
 * counter a little below the highest accepted: a meter's MQTT topics are not ordered with each
 * other.)
 */
@FunctionalInterface
public interface FrameCounterGuard {
  /** True when {@code frameCounter} is new for this meter (and is now recorded as accepted). */
  boolean accept(String meterSerial, byte[] systemTitle, long frameCounter);
}
