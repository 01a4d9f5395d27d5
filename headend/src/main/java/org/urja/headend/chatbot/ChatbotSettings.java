package org.urja.headend.chatbot;

import java.util.Objects;
import java.util.Optional;

/**
 * The WhatsApp Cloud API webhook and replies (parsed from the node's configuration in {@code app}).
 *
 * @param appSecret signs the webhook's deliveries ({@code X-Hub-Signature-256})
 * @param verifyToken answers the webhook's subscription challenge
 * @param graphUrl the Graph API replies are posted to
 * @param phoneNumberId the business number replies come from
 * @param accessToken the Graph API token; without it and the number, replies are only logged
 */
public record ChatbotSettings(
    String appSecret,
    String verifyToken,
    String graphUrl,
    Optional<String> phoneNumberId,
    Optional<String> accessToken) {

  public ChatbotSettings {
    Objects.requireNonNull(appSecret, "chatbot.app.secret");
    Objects.requireNonNull(verifyToken, "chatbot.verify.token");
    Objects.requireNonNull(graphUrl, "chatbot.graph.url");
    Objects.requireNonNull(phoneNumberId, "chatbot.phone.number.id");
    Objects.requireNonNull(accessToken, "chatbot.access.token");
  }

  /** Replies through the Cloud API when it is configured, else into the log. */
  public ReplySender sender() {
    return phoneNumberId.isPresent() && accessToken.isPresent()
        ? new WhatsAppCloudSender(graphUrl, phoneNumberId.get(), accessToken.get())
        : new LogReplySender();
  }
}
