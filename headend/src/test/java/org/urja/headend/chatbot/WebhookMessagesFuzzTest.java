package org.urja.headend.chatbot;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.urja.headend.api.JsonExchange;

/**
 * Coverage-guided fuzzing of the WhatsApp webhook body parser (docs/FUZZING.md). The signature
 * check comes first in production, so this is what a leaked app secret or Meta itself could send.
 */
class WebhookMessagesFuzzTest {

  /**
   * Any body is either not JSON (a 400) or a list of messages that keep {@link WebhookMessages}'
   * invariants: digits for the phone, text exactly for text messages, nothing PostgreSQL cannot
   * store. No other exception reaches the HTTP handler.
   */
  @FuzzTest
  void anyBodyIsMessagesOrNotJson(byte[] body) {
    List<WebhookMessages.Message> messages;
    try {
      messages = WebhookMessages.parse(JsonExchange.JSON, body);
    } catch (WebhookMessages.NotJsonException e) {
      return;
    }
    assertThat(messages.size()).isLessThanOrEqualTo(body.length);
    for (WebhookMessages.Message m : messages) {
      assertThat(m.phone()).isNotEmpty().containsOnlyDigits();
      assertThat(m.text() != null).isEqualTo("text".equals(m.type()));
      assertThat(m.storedBody()).doesNotContain("\0");
      assertThat(m.type()).doesNotContain("\0");
      if (m.id() != null) {
        assertThat(m.id()).doesNotContain("\0");
      }
    }
  }
}
