package org.urja.protocol.client;

import java.util.Arrays;
import org.urja.protocol.security.FrameCounterGuard;
import org.urja.protocol.security.InvocationCounter;
import org.urja.protocol.security.MeterSecrets;
import org.urja.protocol.security.SecuritySuite0;

/**
 * What a ciphered association (LN with ciphering, suite 0) needs on the head-end side: which meter
 * it is (the counters are per meter), the head-end's own system title, the meter's secrets, whether
 * to authenticate with HLS-GMAC, where the head-end's invocation counter comes from and how the
 * meter's frame counter is checked for replay.
 *
 * <p>Invariant: the secrets hold EK and AK. {@link #toString} never shows them.
 */
public record ClientSecurity(
    String meterSerial,
    byte[] clientSystemTitle,
    MeterSecrets secrets,
    boolean hlsGmac,
    InvocationCounter invocationCounter,
    FrameCounterGuard meterFrameCounters) {

  public ClientSecurity {
    if (clientSystemTitle.length != SecuritySuite0.SYSTEM_TITLE_BYTES) {
      throw new IllegalArgumentException("the head-end's system title must be 8 bytes");
    }
    if (secrets.encryptionKey().isEmpty() || secrets.authenticationKey().isEmpty()) {
      throw new IllegalArgumentException(
          "meter " + meterSerial + ": ciphering needs its encryption and authentication key");
    }
    clientSystemTitle = clientSystemTitle.clone();
  }

  @Override
  public byte[] clientSystemTitle() {
    return clientSystemTitle.clone();
  }

  byte[] ek() {
    return secrets.encryptionKey().orElseThrow();
  }

  byte[] ak() {
    return secrets.authenticationKey().orElseThrow();
  }

  @Override
  public String toString() {
    return "ClientSecurity[meter="
        + meterSerial
        + ", hlsGmac="
        + hlsGmac
        + ", secrets="
        + secrets
        + ", title="
        + Arrays.toString(clientSystemTitle)
        + "]";
  }
}
