package org.urja.ledger.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs the message's JSON to an HTTP endpoint, signed with {@code X-Urja-Signature: sha256=<hex
 * HMAC-SHA256 of the exact body bytes>} so the receiver can check it came from us. {@code
 * X-Urja-Delivery} carries the outbox id for the receiver's de-duplication (delivery is at least
 * once). 2xx is delivered; 408, 429, 5xx and network errors are retried; other 4xx are rejected.
 */
public final class WebhookChannel implements NotificationChannel {

  public static final String SIGNATURE_HEADER = "X-Urja-Signature";

  private final String name;
  private final URI endpoint;
  private final byte[] secret;
  private final HttpClient client;
  private final Duration timeout;

  public WebhookChannel(String name, URI endpoint, byte[] secret, Duration timeout) {
    this.name = name;
    this.endpoint = endpoint;
    this.secret = secret.clone();
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** A channel named "webhook" with a 10 s timeout. */
  public WebhookChannel(URI endpoint, byte[] secret) {
    this("webhook", endpoint, secret, Duration.ofSeconds(10));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DeliveryResult deliver(OutboxMessage m) {
    byte[] body = m.payloadJson().getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .header(SIGNATURE_HEADER, "sha256=" + sign(secret, body))
            .header("X-Urja-Delivery", Long.toString(m.id()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status >= 200 && status < 300) {
        return DeliveryResult.delivered();
      }
      if (status == 408 || status == 429 || status >= 500) {
        return DeliveryResult.retry("HTTP " + status);
      }
      return DeliveryResult.rejected("HTTP " + status);
    } catch (IOException e) {
      return DeliveryResult.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DeliveryResult.retry("interrupted");
    }
  }

  /** Lower-case hex HMAC-SHA256 of {@code body} under {@code secret}. */
  public static String sign(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
