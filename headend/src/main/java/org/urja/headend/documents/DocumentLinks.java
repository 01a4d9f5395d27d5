package org.urja.headend.documents;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring links to a bill or receipt PDF, for consumers who have no API key (the WhatsApp
 * document message, an SMS): {@code {base}/documents/{kind}/{id}.pdf?expires={epoch seconds}&sig=…}
 * where sig is HMAC-SHA256 over kind, id and expiry with {@code documents.link.key}. Every node
 * with the same key accepts every node's links; changing the key revokes all links at once.
 */
public final class DocumentLinks {

  /** What a valid link names. */
  public record Target(String kind, String id) {}

  public static final String BILL = "bill";
  public static final String RECEIPT = "receipt";
  private static final Pattern PATH =
      Pattern.compile("/documents/(bill|receipt)/([A-Za-z0-9_.:/-]{1,64}?)\\.pdf");

  private final byte[] key;
  private final String baseUrl;
  private final Duration ttl;
  private final Clock clock;

  public DocumentLinks(byte[] key, String baseUrl, Duration ttl, Clock clock) {
    if (key.length < 16) {
      throw new IllegalArgumentException("documents.link.key must be at least 16 bytes");
    }
    this.key = key.clone();
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.ttl = ttl;
    this.clock = clock;
  }

  /**
   * From {@code documents.link.key} (base64, at least 16 bytes). Without one, a random key for this
   * process: links then work only on this node and until it restarts (logged as a warning).
   */
  public static DocumentLinks configured(
      Optional<String> base64Key, String baseUrl, Duration ttl, Clock clock) {
    byte[] key;
    if (base64Key.isPresent()) {
      try {
        key = Base64.getDecoder().decode(base64Key.get().trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "documents.link.key must be base64 (openssl rand -base64 32)");
      }
    } else {
      key = new byte[32];
      new java.security.SecureRandom().nextBytes(key);
      org.slf4j.LoggerFactory.getLogger(DocumentLinks.class)
          .warn(
              "documents.link.key is not set: links to bills and "
                  + "receipts are signed with a key of this process only (other nodes and a restart refuse them)");
    }
    return new DocumentLinks(key, baseUrl, ttl, clock);
  }

  public String link(String kind, String id) {
    long expires = clock.instant().plus(ttl).getEpochSecond();
    return baseUrl
        + "/documents/"
        + kind
        + "/"
        + id
        + ".pdf?expires="
        + expires
        + "&sig="
        + sign(kind, id, expires);
  }

  /** The document a request names, when its signature is right and it has not expired. */
  public Optional<Target> verify(String path, String expiresParam, String sig) {
    Matcher m = PATH.matcher(path);
    if (!m.matches() || expiresParam == null || sig == null || !expiresParam.matches("\\d{1,12}")) {
      return Optional.empty();
    }
    long expires = Long.parseLong(expiresParam);
    if (Instant.ofEpochSecond(expires).isBefore(clock.instant())) {
      return Optional.empty();
    }
    byte[] expected = sign(m.group(1), m.group(2), expires).getBytes(StandardCharsets.US_ASCII);
    boolean ok = MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII));
    return ok ? Optional.of(new Target(m.group(1), m.group(2))) : Optional.empty();
  }

  private String sign(String kind, String id, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] h = mac.doFinal((kind + "\n" + id + "\n" + expires).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
