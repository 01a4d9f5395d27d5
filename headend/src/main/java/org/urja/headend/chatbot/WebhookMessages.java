package org.urja.headend.chatbot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The consumer messages in one WhatsApp Cloud API webhook body ({@code entry[].changes[].value
 * .messages[]}), without any HTTP: what {@link WhatsAppWebhook} answers, and what the fuzz tests
 * feed any bytes to.
 *
 * <p>Invariants of every message returned: {@code phone} is a non-empty string of digits; {@code
 * text} is the body of a text message or null for any other type; no field holds a NUL character
 * (PostgreSQL text cannot store one, and a webhook that fails to store is redelivered by Meta for
 * days). Status callbacks (sent, delivered, read) carry no messages and give an empty list.
 */
final class WebhookMessages {

  /**
   * One inbound message. {@code id} is Meta's message id (redeliveries repeat it), possibly null.
   */
  record Message(String phone, String id, String type, String text) {
    /** What is stored for it: the text, or the type in brackets for media and others. */
    String storedBody() {
      return text == null ? "[" + type + "]" : text;
    }
  }

  /** A body that is not JSON at all. */
  static final class NotJsonException extends Exception {
    NotJsonException(String message) {
      super(message);
    }
  }

  private WebhookMessages() {}

  static List<Message> parse(ObjectMapper json, byte[] body) throws NotJsonException {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      throw new NotJsonException("webhook body is not JSON");
    }
    List<Message> out = new ArrayList<>();
    if (root == null) {
      return out;
    }
    for (JsonNode entry : root.path("entry")) {
      for (JsonNode change : entry.path("changes")) {
        for (JsonNode m : change.path("value").path("messages")) {
          String phone = m.path("from").asText("").replaceAll("\\D", "");
          if (phone.isEmpty()) {
            continue;
          }
          String type = storable(m.path("type").asText());
          String text =
              "text".equals(type) ? storable(m.path("text").path("body").asText("")) : null;
          String id = m.path("id").asText(null);
          out.add(new Message(phone, id == null ? null : storable(id), type, text));
        }
      }
    }
    return out;
  }

  private static String storable(String s) {
    return s.indexOf('\0') < 0 ? s : s.replace("\0", "");
  }
}
