package org.urja.ingest.mqtt;

import java.nio.file.Path;

/**
 * PEM files for an {@code ssl://} broker connection.
 *
 * @param ca certificates the broker's certificate must chain to; null trusts the JVM's default
 *     store
 * @param cert this client's certificate (chain), for brokers that authenticate clients by
 *     certificate; null sends none. Requires {@code key}.
 * @param key the private key of {@code cert} (PKCS#8, PKCS#1 or SEC1 PEM, unencrypted)
 */
public record TlsFiles(Path ca, Path cert, Path key) {
  public TlsFiles {
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(
          "a client certificate needs its key and a key its certificate (mqtt.tls.cert, mqtt.tls.key)");
    }
  }

  public static final TlsFiles NONE = new TlsFiles(null, null, null);

  public boolean isEmpty() {
    return ca == null && cert == null;
  }
}
