package org.urja.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.urja.protocol.wrapper.WrapperFrame;

class CommandAwareReadsTest {
  final AtomicBoolean serverReading = new AtomicBoolean(false);
  final EmbeddedChannel ch = new EmbeddedChannel(new CommandAwareReads(serverReading::get));

  @Test
  void aPausedConnectionReadsWhileARequestWaitsForItsAnswerAndPausesAgainAfter() {
    ch.config().setAutoRead(false);

    ch.writeOutbound(new WrapperFrame(1, 1, new byte[] {(byte) 0xC3, 0x01}));
    assertThat(ch.config().isAutoRead()).isTrue();
    assertThat(CommandAwareReads.awaitingAnswer(ch)).isTrue();

    ch.writeInbound(new WrapperFrame(1, 1, new byte[] {0x0F, 0x00})); // a push is not the answer
    assertThat(ch.config().isAutoRead()).isTrue();

    ch.writeInbound(new WrapperFrame(1, 1, new byte[] {(byte) 0xC7, 0x01})); // ACTION response
    assertThat(ch.config().isAutoRead()).isFalse();
    assertThat(CommandAwareReads.awaitingAnswer(ch)).isFalse();
    assertThat(ch.inboundMessages()).hasSize(2);
  }

  @Test
  void afterTheAnswerAReadingServerLeavesTheConnectionReading() {
    serverReading.set(true);
    ch.writeOutbound(new WrapperFrame(1, 1, new byte[] {0x60}));
    ch.writeInbound(new WrapperFrame(1, 1, new byte[] {0x61}));
    assertThat(ch.config().isAutoRead()).isTrue();
  }
}
