package org.urja.simulator.push;

import java.util.Optional;
import org.urja.protocol.security.MeterSecrets;
import org.urja.protocol.security.SecuritySuite0;

/**
 * What a meter needs to seal its pushes: its system title and its suite-0 encryption and
 * authentication keys (the same the head-end imports from the key file).
 */
public record MeterPushKeys(byte[] systemTitle, MeterSecrets secrets) {
  public MeterPushKeys {
    if (systemTitle.length != SecuritySuite0.SYSTEM_TITLE_BYTES) {
      throw new IllegalArgumentException(
          "a system title is " + SecuritySuite0.SYSTEM_TITLE_BYTES + " bytes");
    }
    if (secrets.encryptionKey().isEmpty() || secrets.authenticationKey().isEmpty()) {
      throw new IllegalArgumentException(
          "ciphered pushes need the encryption and the authentication key");
    }
    systemTitle = systemTitle.clone();
  }

  @Override
  public byte[] systemTitle() {
    return systemTitle.clone();
  }

  /** Never the keys. */
  @Override
  public String toString() {
    return "MeterPushKeys["
        + org.urja.protocol.security.SystemTitles.format(systemTitle)
        + ", "
        + secrets
        + "]";
  }

  public static MeterPushKeys of(byte[] systemTitle, byte[] ek, byte[] ak) {
    return new MeterPushKeys(
        systemTitle,
        new MeterSecrets(Optional.empty(), Optional.empty(), Optional.of(ek), Optional.of(ak)));
  }
}
