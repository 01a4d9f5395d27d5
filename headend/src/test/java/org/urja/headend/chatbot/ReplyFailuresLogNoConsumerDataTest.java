package org.urja.headend.chatbot;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A reply the WhatsApp Graph API refuses, or that cannot reach it, is logged with the number masked
 * and without the message: logs travel further than the consumer's conversation should.
 */
class ReplyFailuresLogNoConsumerDataTest {
  static final String PHONE = "919811122334";
  static final String TEXT = "Your OTP is 482913; balance ₹1,234.00";
  final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  final Logger sender = (Logger) LoggerFactory.getLogger(WhatsAppCloudSender.class);

  @BeforeEach
  void listen() {
    logged.start();
    sender.addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    sender.detachAppender(logged);
  }

  private void assertNothingOfTheConsumerLogged() {
    assertThat(logged.list).isNotEmpty();
    for (ILoggingEvent e : logged.list) {
      assertThat(e.getFormattedMessage())
          .doesNotContain(PHONE)
          .doesNotContain("482913")
          .doesNotContain("1,234")
          .contains("********2334");
    }
  }

  @Test
  void aRefusedReplyIsLoggedWithTheNumberMaskedAndWithoutItsText() throws Exception {
    try (FakeGraphApi graph = new FakeGraphApi()) {
      graph.failNext(400);
      String status = new WhatsAppCloudSender(graph.baseUrl(), "555", "token").send(PHONE, TEXT);
      assertThat(status).isEqualTo("failed:400");
      assertNothingOfTheConsumerLogged();
      assertThat(logged.list.get(0).getFormattedMessage()).contains("scripted failure");
    }
  }

  @Test
  void aReplyThatCannotReachTheGraphApiIsLoggedWithTheNumberMasked() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String status =
        new WhatsAppCloudSender("http://127.0.0.1:" + closed + "/v19.0", "555", "token")
            .send(PHONE, TEXT);
    assertThat(status).isEqualTo("failed:io");
    assertNothingOfTheConsumerLogged();
  }
}
