package org.urja.headend.chatbot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.api.JsonExchange;

/**
 * Replies through the WhatsApp Business Cloud API: {@code POST {graph}/{phoneNumberId}/messages}
 * with a text or document message. One attempt per call; {@link ReplyDelivery} decides whether a
 * failure is worth another.
 */
public final class WhatsAppCloudSender implements ReplySender {
  private static final Logger log = LoggerFactory.getLogger(WhatsAppCloudSender.class);
  private final URI endpoint;
  private final String accessToken;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public WhatsAppCloudSender(String graphBaseUrl, String phoneNumberId, String accessToken) {
    this.endpoint =
        URI.create(graphBaseUrl.replaceAll("/+$", "") + "/" + phoneNumberId + "/messages");
    this.accessToken = accessToken;
  }

  @Override
  public String send(String phone, String text) {
    return post(
        phone,
        Map.of(
            "messaging_product",
            "whatsapp",
            "recipient_type",
            "individual",
            "to",
            phone,
            "type",
            "text",
            "text",
            Map.of("body", text)));
  }

  /** The Cloud API's document message: Meta fetches the PDF from the (signed, expiring) link. */
  @Override
  public String sendDocument(String phone, Reply.Document d) {
    return post(
        phone,
        Map.of(
            "messaging_product",
            "whatsapp",
            "recipient_type",
            "individual",
            "to",
            phone,
            "type",
            "document",
            "document",
            Map.of("link", d.link(), "filename", d.filename(), "caption", d.caption())));
  }

  private String post(String phone, Map<String, Object> message) {
    try {
      String body = JsonExchange.JSON.writeValueAsString(message);
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + accessToken)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 == 2) {
        return "sent";
      }
      // the number masked and the answer's error only: never the message we sent
      log.warn(
          "WhatsApp reply to {} refused: HTTP {} {}",
          Phones.masked(phone),
          r.statusCode(),
          errorOf(r.body()));
      return "failed:" + r.statusCode();
    } catch (java.io.IOException e) {
      log.warn("WhatsApp reply to {} failed: {}", Phones.masked(phone), e.toString());
      return "failed:io";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "failed:interrupted";
    }
  }

  /** The Graph API's error message, not whatever else a proxy may have echoed back. */
  private static String errorOf(String body) {
    try {
      com.fasterxml.jackson.databind.JsonNode e = JsonExchange.JSON.readTree(body).path("error");
      return e.isMissingNode() ? "(no error object)" : e.path("message").asText("");
    } catch (java.io.IOException | RuntimeException e) {
      return "(not JSON)";
    }
  }
}
