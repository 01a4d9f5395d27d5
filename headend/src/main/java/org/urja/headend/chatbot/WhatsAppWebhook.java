package org.urja.headend.chatbot;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Field;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.api.Router;
import org.urja.headend.api.Schema;
import org.urja.headend.http.HttpApi;

/**
 * The WhatsApp Business Cloud API webhook at {@code /webhooks/whatsapp}. GET answers Meta's
 * subscription check ({@code hub.verify_token}); POST carries messages and is accepted only with a
 * valid {@code X-Hub-Signature-256} (HMAC-SHA256 of the raw body with the app secret). Each text
 * message is answered through {@link ReplyDelivery} (in the background, with retries), so Meta gets
 * its 200 at once; redeliveries of a message are answered once.
 */
public final class WhatsAppWebhook implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WhatsAppWebhook.class);
  private static final int MAX_BODY = 256 * 1024;
  private final ChatBot bot;
  private final ReplyDelivery replies;
  private final byte[] appSecret;
  private final String verifyToken;

  public WhatsAppWebhook(ChatBot bot, ReplySender sender, String appSecret, String verifyToken) {
    this.bot = bot;
    this.replies = new ReplyDelivery(sender, bot.conversations(), ReplyDelivery.DEFAULT_BACKOFF);
    this.appSecret = appSecret.getBytes(StandardCharsets.UTF_8);
    this.verifyToken = verifyToken;
  }

  /** Declares the webhook in the API's document; it is served by {@link #register}. */
  public static void describe(Router r) {
    r.external(
            "GET",
            "/webhooks/whatsapp",
            "WhatsApp subscription check (?hub.mode, ?hub.verify_token, ?hub.challenge)")
        .returns(200, "text/plain", "hub.challenge echoed")
        .fails(403, "verification_failed")
        .fails(503, "chatbot_not_configured");
    r.external(
            "POST",
            "/webhooks/whatsapp",
            "WhatsApp Cloud API message events, signed with X-Hub-Signature-256")
        .body(Field.required("object", "string"), Field.required("entry", "array"))
        .returns(200, Schema.row("status"))
        .fails(400, "invalid_json")
        .fails(401, "bad_signature")
        .fails(413, "body_too_large")
        .fails(503, "chatbot_not_configured");
  }

  public void register(HttpApi http) {
    http.route("/webhooks/whatsapp", this::handle);
  }

  void handle(HttpExchange ex) throws IOException {
    try {
      if (appSecret.length == 0) {
        throw new ApiError(
            503,
            "chatbot_not_configured",
            "set chatbot.app.secret to receive WhatsApp webhooks",
            null);
      }
      switch (ex.getRequestMethod()) {
        case "GET" -> verify(ex);
        case "POST" -> receive(ex);
        default -> throw new ApiError(405, "method_not_allowed", "GET or POST only", null);
      }
    } catch (ApiError e) {
      JsonExchange.error(ex, e);
    }
  }

  private void verify(HttpExchange ex) throws IOException {
    Map<String, String> q = new HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] kv = pair.split("=", 2);
        q.put(
            URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    if ("subscribe".equals(q.get("hub.mode"))
        && !verifyToken.isEmpty()
        && MessageDigest.isEqual(
            verifyToken.getBytes(StandardCharsets.UTF_8),
            q.getOrDefault("hub.verify_token", "").getBytes(StandardCharsets.UTF_8))) {
      HttpApi.send(ex, 200, "text/plain", q.getOrDefault("hub.challenge", ""));
      return;
    }
    throw new ApiError(
        403, "verification_failed", "hub.verify_token does not match chatbot.verify.token", null);
  }

  private void receive(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      throw new ApiError(413, "body_too_large", "webhook body over " + MAX_BODY + " bytes", null);
    }
    String given = ex.getRequestHeaders().getFirst("X-Hub-Signature-256");
    if (given == null
        || !MessageDigest.isEqual(
            signature(body).getBytes(StandardCharsets.UTF_8),
            given.trim().toLowerCase().getBytes(StandardCharsets.UTF_8))) {
      throw new ApiError(
          401, "bad_signature", "X-Hub-Signature-256 is missing or does not match the body", null);
    }
    List<WebhookMessages.Message> messages;
    try {
      messages = WebhookMessages.parse(JsonExchange.JSON, body);
    } catch (WebhookMessages.NotJsonException e) {
      throw new ApiError(400, "invalid_json", e.getMessage(), null);
    }
    for (WebhookMessages.Message m : messages) {
      answer(m);
    }
    // status callbacks (sent/delivered/read) carry no messages and are simply acknowledged
    HttpApi.send(ex, 200, "application/json", "{\"status\":\"ok\"}");
  }

  private void answer(WebhookMessages.Message m) {
    if (!bot.conversations().received(m.phone(), m.id(), m.storedBody())) {
      log.debug("WhatsApp message {} already answered", m.id());
      return;
    }
    Reply reply = bot.respond(m.phone(), m.text());
    replies.deliver(m.phone(), reply.text());
    if (reply.document() != null) {
      replies.deliver(m.phone(), reply.document());
    }
  }

  /** Lets replies already queued go out (for a few seconds) and stops. */
  @Override
  public void close() {
    replies.close();
  }

  /** {@code sha256=<hex HMAC-SHA256 of body>}, as Meta signs webhooks. */
  public String signature(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret, "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
