package org.urja.headend.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.urja.headend.embedded.EmbeddedBroker;
import org.urja.ledger.alerts.DeliveryResult;
import org.urja.ledger.alerts.OutboxMessage;
import org.urja.protocol.mqtt.BrokerSubscriber;

/** The consumer's messages reach an SMS / WhatsApp gateway subscribed on the broker. */
class MqttNotificationChannelTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static OutboxMessage message(String accountId) {
    String payload =
        "{\"kind\":\"balance_low\",\"accountId\":\""
            + accountId
            + "\",\"utilityId\":\"TESTCO\","
            + "\"language\":\"en\",\"recipient\":\"+919800000001\",\"text\":\"Balance low\",\"data\":{\"balance\":\"₹12.00\"}}";
    return new OutboxMessage(
        77,
        accountId,
        "TESTCO",
        "balance_low",
        "en",
        "mqtt",
        "+919800000001",
        "Balance low",
        payload,
        2,
        Instant.parse("2026-11-21T10:00:00Z"));
  }

  @Test
  void aNotificationIsPublishedToTheConsumersTopicWithItsDeliveryId() throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(0);
        MqttNotificationChannel channel =
            new MqttNotificationChannel(
                    MqttChannelSettings.anonymous(broker.uri(), "hes-notify-test"))
                .start()) {
      BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
      BrokerSubscriber sms =
          BrokerSubscriber.subscribe(
              broker.uri(),
              "sms-gateway",
              "consumers/+/notifications",
              (topic, payload) ->
                  received.add(new String[] {topic, new String(payload, StandardCharsets.UTF_8)}));

      assertThat(channel.deliver(message("ACC-1001")).outcome())
          .isEqualTo(DeliveryResult.Outcome.DELIVERED);

      String[] got = received.poll(10, TimeUnit.SECONDS);
      assertThat(got).isNotNull();
      assertThat(got[0]).isEqualTo("consumers/ACC-1001/notifications");
      JsonNode body = JSON.readTree(got[1]);
      assertThat(body.get("deliveryId").asLong()).isEqualTo(77);
      assertThat(body.get("attempt").asInt()).isEqualTo(2);
      assertThat(body.get("kind").asText()).isEqualTo("balance_low");
      assertThat(body.get("recipient").asText()).isEqualTo("+919800000001");
      assertThat(body.get("text").asText()).isEqualTo("Balance low");
      assertThat(body.at("/data/balance").asText()).isEqualTo("₹12.00");
      sms.close();
    }
  }

  @Test
  void anAccountIdThatWouldWidenTheTopicIsRejected() throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(0);
        MqttNotificationChannel channel =
            new MqttNotificationChannel(
                    MqttChannelSettings.anonymous(broker.uri(), "hes-notify-test-2"))
                .start()) {
      assertThat(channel.deliver(message("ACC/#")).outcome())
          .isEqualTo(DeliveryResult.Outcome.REJECTED);
    }
  }

  @Test
  void aBrokerThatWentAwayMeansRetryLater() throws Exception {
    EmbeddedBroker broker = EmbeddedBroker.start(0);
    try (MqttNotificationChannel channel =
        new MqttNotificationChannel(
                MqttChannelSettings.anonymous(broker.uri(), "hes-notify-test-3")
                    .withAckTimeout(Duration.ofSeconds(2)))
            .start()) {
      broker.close();
      DeliveryResult result = channel.deliver(message("ACC-1002"));
      assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.RETRY);
      assertThat(result.error()).isNotBlank();
    }
  }
}
