package org.urja.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.urja.protocol.apdu.Aare;
import org.urja.protocol.apdu.Aarq;
import org.urja.protocol.apdu.Conformance;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.apdu.GetRequestNormal;
import org.urja.protocol.apdu.GetResponseNormal;
import org.urja.protocol.apdu.InitiateResponse;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemAccessException;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.cosem.DataAccessResult;
import org.urja.protocol.wrapper.WrapperFrame;

class ClientAssociationHandlerTest {
  final List<Object> pushes = new ArrayList<>();
  final EmbeddedChannel ch =
      new EmbeddedChannel(
          new ClientAssociationHandler(),
          new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
              pushes.add(msg);
            }
          });

  NettyCosemClient client(Duration timeout) {
    NettyCosemClient c =
        NettyCosemClient.over(ch, ClientSettings.publicClient().withResponseTimeout(timeout));
    ch.runPendingTasks();
    return c;
  }

  GetRequestNormal sentGet() {
    ch.runPendingTasks();
    WrapperFrame f = ch.readOutbound();
    return GetRequestNormal.decode(f.apdu());
  }

  void meterAnswers(byte[] apdu) {
    ch.writeInbound(new WrapperFrame(1, 0x10, apdu));
  }

  @Test
  void pushesPassThroughToTheHeadEndWhileResponsesGoToTheClient() {
    NettyCosemClient c = client(Duration.ofSeconds(10));
    CompletableFuture<DlmsData> value =
        c.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2));
    GetRequestNormal req = sentGet();

    DataNotification push =
        new DataNotification(7, Optional.empty(), DlmsData.structure(DlmsData.u32(1)));
    meterAnswers(push.encode());
    meterAnswers(GetResponseNormal.success(req.invokeIdAndPriority(), DlmsData.u32(99)).encode());

    assertThat(value).isCompletedWithValue(DlmsData.u32(99));
    assertThat(pushes).hasSize(1);
    assertThat(DataNotification.decode(((WrapperFrame) pushes.get(0)).apdu())).isEqualTo(push);
    // an EventNotification (C2) is the head-end's business too
    meterAnswers(
        new byte[] {(byte) 0xC2, 0x00, 0x00, 0x08, 0, 0, 1, 0, 0, (byte) 0xFF, 2, 0x09, 0x00});
    assertThat(pushes).hasSize(2);
  }

  @Test
  void requestsWaitTheirTurnAndALateAnswerWithAnotherInvokeIdIsDropped() {
    NettyCosemClient c = client(Duration.ofSeconds(10));
    CompletableFuture<DlmsData> first =
        c.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2));
    CompletableFuture<DlmsData> second =
        c.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 3));
    GetRequestNormal r1 = sentGet();
    assertThat((Object) ch.readOutbound()).as("second waits for the first").isNull();

    meterAnswers(
        GetResponseNormal.success(r1.invokeIdAndPriority() ^ 0x05, DlmsData.u8(1)).encode());
    assertThat(first).isNotDone();
    meterAnswers(
        GetResponseNormal.failure(r1.invokeIdAndPriority(), DataAccessResult.READ_WRITE_DENIED)
            .encode());
    assertThat(first).isCompletedExceptionally();
    assertThat(first.handle((v, e) -> e).join()).isInstanceOf(CosemAccessException.class);

    GetRequestNormal r2 = sentGet();
    assertThat(r2.invokeIdAndPriority()).isNotEqualTo(r1.invokeIdAndPriority());
    meterAnswers(GetResponseNormal.success(r2.invokeIdAndPriority(), DlmsData.u8(2)).encode());
    assertThat(second).isCompletedWithValue(DlmsData.u8(2));
  }

  @Test
  void aMeterThatDoesNotAnswerFailsTheRequestWithATimeoutAndTheNextGoesOut() throws Exception {
    NettyCosemClient c = client(Duration.ofMillis(300));
    CompletableFuture<DlmsData> silent =
        c.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2));
    CompletableFuture<DlmsData> next = c.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 3));
    sentGet();

    // the embedded channel runs its scheduled tasks (the timeout) only when asked to
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(5))
        .until(
            () -> {
              ch.runScheduledPendingTasks();
              return silent.isDone();
            });
    assertThat(silent.handle((v, e) -> e).join()).isInstanceOf(TimeoutException.class);
    assertThat(sentGet().attribute().attributeId()).isEqualTo(3);
    assertThat(next).isNotDone();
  }

  @Test
  void aWriteLargerThanTheMeterAcceptsFailsBeforeItIsSent() {
    NettyCosemClient c = client(Duration.ofSeconds(10));
    CompletableFuture<InitiateResponse> assoc = c.associate();
    ch.runPendingTasks();
    assertThat(Aarq.decode(((WrapperFrame) ch.readOutbound()).apdu()).mechanismName()).isEmpty();
    meterAnswers(
        Aare.accepted(Aarq.LN_NO_CIPHERING, InitiateResponse.of(Conformance.SUPPORTED, 64))
            .encode());
    assertThat(assoc).isCompleted();

    CompletableFuture<Void> set =
        c.set(AttributeRef.of(CosemObjects.SERIAL_NUMBER, 2), DlmsData.octets(new byte[100]));
    ch.runPendingTasks();
    assertThat(set.handle((v, e) -> e).join()).isInstanceOf(DlmsServiceException.class);
    assertThat((Object) ch.readOutbound()).isNull();
  }

  @Test
  void aLateGetAnswerIsNotTakenForTheAare() {
    NettyCosemClient c = client(Duration.ofSeconds(10));
    CompletableFuture<InitiateResponse> assoc = c.associate();
    ch.runPendingTasks();
    ch.readOutbound();
    meterAnswers(GetResponseNormal.success(0x40, DlmsData.u8(1)).encode());
    assertThat(assoc).isNotDone();
    meterAnswers(
        Aare.accepted(Aarq.LN_NO_CIPHERING, InitiateResponse.of(Conformance.SUPPORTED, 500))
            .encode());
    assertThat(assoc).isCompleted();
    assertThat(c.negotiated().orElseThrow().serverMaxReceivePduSize()).isEqualTo(500);
  }

  @Test
  void aLateAareAddressedToAnEarlierAssociationsClientIsNotTakenForThisOnesAnswer() {
    // the connection's previous association (the management client, wPort 0x30) timed out waiting
    // for its AARE; the public client (0x10) then asks, and the meter's late answer to the first
    // arrives
    NettyCosemClient c = client(Duration.ofSeconds(10));
    CompletableFuture<InitiateResponse> assoc = c.associate();
    ch.runPendingTasks();
    ch.readOutbound();
    ch.writeInbound(
        new WrapperFrame(
            1,
            0x30,
            Aare.accepted(Aarq.LN_NO_CIPHERING, InitiateResponse.of(Conformance.SUPPORTED, 300))
                .encode()));
    assertThat(assoc).isNotDone();
    meterAnswers(
        Aare.accepted(Aarq.LN_NO_CIPHERING, InitiateResponse.of(Conformance.SUPPORTED, 500))
            .encode());
    assertThat(assoc).isCompleted();
    assertThat(c.negotiated().orElseThrow().serverMaxReceivePduSize()).isEqualTo(500);
  }

  @Test
  void closingTheConnectionFailsWhatIsWaiting() {
    NettyCosemClient c = client(Duration.ofSeconds(10));
    CompletableFuture<DlmsData> value =
        c.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2));
    sentGet();
    ch.close();
    ch.runPendingTasks();
    assertThat(value).isCompletedExceptionally();
  }
}
