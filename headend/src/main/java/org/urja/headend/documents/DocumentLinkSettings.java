package org.urja.headend.documents;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How links to bill and receipt PDFs are signed and addressed (parsed from the node's configuration
 * in {@code app}).
 *
 * @param key base64 HMAC key ({@code documents.link.key}); none: a random key of this process only
 * @param baseUrl where consumers reach this node's {@code /documents} ({@code documents.base.url})
 * @param ttl how long a link stays valid ({@code documents.link.ttl})
 */
public record DocumentLinkSettings(Optional<String> key, String baseUrl, Duration ttl) {

  public DocumentLinkSettings {
    Objects.requireNonNull(key, "documents.link.key");
    Objects.requireNonNull(baseUrl, "documents.base.url");
    if (ttl.compareTo(Duration.ZERO) <= 0) {
      throw new IllegalArgumentException("documents.link.ttl must be positive, got " + ttl);
    }
  }
}
