package org.urja.headend.chatbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.urja.headend.api.JsonExchange;

class WebhookMessagesTest {
  static byte[] body(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aTextMessageGivesItsPhoneDigitsIdAndText() throws Exception {
    var messages =
        WebhookMessages.parse(
            JsonExchange.JSON,
            body(
                WhatsAppChatbotConversationTest.message(
                    "+91 97000 00009", "wamid.1", "text", "balance")));
    assertThat(messages)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.phone()).isEqualTo("919700000009");
              assertThat(m.id()).isEqualTo("wamid.1");
              assertThat(m.text()).isEqualTo("balance");
            });
  }

  @Test
  void aMediaMessageIsStoredAsItsTypeAndHasNoText() throws Exception {
    var messages =
        WebhookMessages.parse(
            JsonExchange.JSON,
            body(
                WhatsAppChatbotConversationTest.message("919700000008", "wamid.2", "image", null)));
    assertThat(messages)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.text()).isNull();
              assertThat(m.storedBody()).isEqualTo("[image]");
            });
  }

  @Test
  void aNulCharacterThatPostgresqlCannotStoreIsDropped() throws Exception {
    var messages =
        WebhookMessages.parse(
            JsonExchange.JSON,
            body(
                """
        {"entry":[{"changes":[{"value":{"messages":[{"from":"919700000009","id":"wamid.3","type":"text","text":{"body":"bal\\u0000ance"}}]}}]}]}"""));
    assertThat(messages).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("balance"));
  }

  @Test
  void aStatusCallbackCarriesNoMessagesAndABodyThatIsNotJsonIsRefused() throws Exception {
    assertThat(
            WebhookMessages.parse(
                JsonExchange.JSON,
                body("{\"entry\":[{\"changes\":[{\"value\":{\"statuses\":[]}}]}]}")))
        .isEmpty();
    assertThatThrownBy(() -> WebhookMessages.parse(JsonExchange.JSON, body("{not json")))
        .isInstanceOf(WebhookMessages.NotJsonException.class);
  }
}
