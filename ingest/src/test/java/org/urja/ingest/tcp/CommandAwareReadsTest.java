package org.urja.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.ClientAssociationHandler;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.client.NettyCosemClient;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.wrapper.WrapperFrame;

/**
 * A connection paused by backpressure keeps reading while the head-end's client waits for the
 * meter's answer, whatever else the meter sends meanwhile, and while its meter is not identified.
 */
class CommandAwareReadsTest {
  final AtomicBoolean serverReading = new AtomicBoolean(false);
  final EmbeddedChannel ch =
      new EmbeddedChannel(
          new CommandAwareReads(serverReading::get), new ClientAssociationHandler());
  final NettyCosemClient client = NettyCosemClient.over(ch, ClientSettings.publicClient());

  CommandAwareReadsTest() {
    ch.runPendingTasks();
  }

  void identified() {
    ch.attr(PushHandler.SERIAL).set("PR000001");
  }

  /** Sends a GET and returns the meter's answer to it, ready to be delivered. */
  WrapperFrame sentGetAndItsAnswer(CompletableFuture<?>[] result) {
    result[0] = client.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2));
    ch.runPendingTasks();
    WrapperFrame request = ch.readOutbound();
    byte invokeIdAndPriority = request.apduUnsafe()[2];
    return new WrapperFrame(
        request.destinationWPort(),
        request.sourceWPort(),
        new byte[] {(byte) 0xC4, 0x01, invokeIdAndPriority, 0x00, 0x06, 0, 0, 0, 42});
  }

  static WrapperFrame frame(int... apdu) {
    byte[] b = new byte[apdu.length];
    for (int i = 0; i < apdu.length; i++) {
      b[i] = (byte) apdu[i];
    }
    return new WrapperFrame(1, 1, b);
  }

  @Test
  void aPausedConnectionReadsWhileARequestWaitsForItsAnswerAndPausesAgainAfter() throws Exception {
    identified();
    ch.config().setAutoRead(false);
    CompletableFuture<?>[] get = new CompletableFuture<?>[1];
    WrapperFrame answer = sentGetAndItsAnswer(get);
    assertThat(ch.config().isAutoRead()).isTrue();

    ch.writeInbound(frame(0x0F, 0x00)); // a push is not the answer
    assertThat(ch.config().isAutoRead()).isTrue();

    ch.writeInbound(answer);
    assertThat(get[0].get()).isEqualTo(DlmsData.u32(42));
    assertThat(ch.config().isAutoRead()).isFalse();
  }

  @Test
  void aCipheredPushOrALateAnswerWhileARequestWaitsDoesNotPauseTheConnection() throws Exception {
    identified();
    CompletableFuture<?>[] get = new CompletableFuture<?>[1];
    WrapperFrame answer = sentGetAndItsAnswer(get);

    ch.writeInbound(frame(0xDB, 0x08, 1, 2, 3, 4, 5, 6, 7, 8)); // general-glo-ciphering push
    ch.writeInbound(frame(0xC4, 0x01, 0x4F, 0x00, 0x06, 0, 0, 0, 1)); // another request's answer
    assertThat(ch.config().isAutoRead()).isTrue();
    assertThat(get[0]).isNotDone();

    ch.writeInbound(answer);
    assertThat(get[0].get()).isEqualTo(DlmsData.u32(42));
    assertThat(ch.config().isAutoRead()).isFalse();
  }

  @Test
  void aRequestSentWhileTheAnswerIsHandledKeepsTheConnectionReading() throws Exception {
    // as a queued request, a profile's next block or the HLS reply to the meter's challenge go
    // out: while the previous answer is being handled
    identified();
    CompletableFuture<?>[] first = new CompletableFuture<?>[1];
    WrapperFrame answer = sentGetAndItsAnswer(first);
    CompletableFuture<DlmsData> second =
        client.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 3));
    ch.runPendingTasks();

    ch.writeInbound(answer);
    assertThat(first[0]).isDone();
    assertThat(ch.<WrapperFrame>readOutbound()).isNotNull(); // the second request went out
    assertThat(second).isNotDone();
    assertThat(NettyCosemClient.awaitingAnswer(ch)).isTrue();
    assertThat(ch.config().isAutoRead()).isTrue();
  }

  @Test
  void afterTheAnswerAReadingServerLeavesTheConnectionReading() throws Exception {
    identified();
    serverReading.set(true);
    CompletableFuture<?>[] get = new CompletableFuture<?>[1];
    ch.writeInbound(sentGetAndItsAnswer(get));
    assertThat(get[0]).isDone();
    assertThat(ch.config().isAutoRead()).isTrue();
  }

  @Test
  void aConnectionWhoseMeterIsNotIdentifiedYetReadsUntilItIs() {
    ch.writeInbound(frame(0x0F, 0x00)); // a push that names no one yet
    assertThat(ch.config().isAutoRead()).isTrue();

    identified();
    ch.writeInbound(frame(0x0F, 0x00));
    assertThat(ch.config().isAutoRead()).isFalse();
  }

  @Test
  void aMeterToReadFirstKeepsReadingWhileTheStoreIsBehind() {
    EmbeddedChannel prepaid =
        new EmbeddedChannel(
            new CommandAwareReads(serverReading::get, serial -> serial.equals("LOW00001")));
    prepaid.attr(PushHandler.SERIAL).set("LOW00001");
    prepaid.writeInbound(frame(0x0F, 0x00));
    assertThat(prepaid.config().isAutoRead()).isTrue();

    identified(); // any other meter pauses
    ch.writeInbound(frame(0x0F, 0x00));
    assertThat(ch.config().isAutoRead()).isFalse();

    // not while its ciphered pushes hold it: TCP's flow control holds the meter then
    prepaid.attr(CipheredPushOpener.HOLDS_READS).set(Boolean.TRUE);
    assertThat(CommandAwareReads.keepsReading(prepaid, serial -> true)).isFalse();
  }

  @Test
  void anUnidentifiedConnectionItsCipheredPushesHoldIsNotKeptReading() {
    ch.attr(CipheredPushOpener.HOLDS_READS).set(Boolean.TRUE);
    assertThat(CommandAwareReads.keepsReading(ch, serial -> false)).isFalse();
  }
}
