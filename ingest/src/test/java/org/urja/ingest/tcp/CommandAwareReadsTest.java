package org.urja.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.urja.protocol.wrapper.WrapperFrame;

class CommandAwareReadsTest {
  final AtomicBoolean serverReading = new AtomicBoolean(false);
  final EmbeddedChannel ch = new EmbeddedChannel(new CommandAwareReads(serverReading::get));

  EmbeddedChannel identified() {
    ch.attr(PushHandler.SERIAL).set("PR000001");
    return ch;
  }

  @Test
  void aPausedConnectionReadsWhileARequestWaitsForItsAnswerAndPausesAgainAfter() {
    identified();
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

  @Test
  void anAnswerWhoseHandlingSendsTheNextStepLeavesTheConnectionReading() {
    // as the client does: the AARE of an HLS association is answered at once with the reply to
    // the meter's challenge, a block with the request for the next, a timed-out request with the
    // next queued one; all written while the answer is being handled
    EmbeddedChannel client =
        new EmbeddedChannel(
            new CommandAwareReads(serverReading::get),
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof WrapperFrame f && f.apduUnsafe()[0] == 0x61) {
                  ctx.channel().writeAndFlush(new WrapperFrame(1, 1, new byte[] {(byte) 0xCB}));
                }
              }
            });
    client.attr(PushHandler.SERIAL).set("PR000001");
    client.config().setAutoRead(false);

    client.writeOutbound(new WrapperFrame(1, 1, new byte[] {0x60})); // AARQ
    client.writeInbound(new WrapperFrame(1, 1, new byte[] {0x61})); // AARE, then the HLS step
    assertThat(CommandAwareReads.awaitingAnswer(client)).isTrue();
    assertThat(client.config().isAutoRead()).isTrue();

    client.writeInbound(new WrapperFrame(1, 1, new byte[] {(byte) 0xCF})); // its answer
    assertThat(client.config().isAutoRead()).isFalse();
  }

  @Test
  void aConnectionWhoseMeterIsNotIdentifiedYetReadsUntilItIs() {
    ch.config().setAutoRead(true);
    ch.writeInbound(new WrapperFrame(1, 1, new byte[] {0x0F, 0x00})); // a push that names no one
    assertThat(ch.config().isAutoRead()).isTrue();
    assertThat(CommandAwareReads.keepsReading(ch)).isTrue();

    identified();
    ch.writeInbound(new WrapperFrame(1, 1, new byte[] {0x0F, 0x00}));
    assertThat(ch.config().isAutoRead()).isFalse();
  }

  @Test
  void anUnidentifiedConnectionItsCipheredPushesHoldIsNotKeptReading() {
    ch.attr(CipheredPushOpener.HOLDS_READS).set(Boolean.TRUE);
    assertThat(CommandAwareReads.keepsReading(ch)).isFalse();
  }
}
