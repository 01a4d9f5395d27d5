package org.urja.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.urja.protocol.apdu.GetRequestNormal;
import org.urja.protocol.apdu.GetResponseNormal;
import org.urja.protocol.apdu.GetResponseWithDatablock;
import org.urja.protocol.apdu.Rlre;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.wrapper.WrapperFrame;

/**
 * A reading association released for a relay command gives up what it has not sent yet, and the
 * rest of a block transfer, so the command waits for one exchange only.
 */
class ReleaseAbandoningTest {
  static final byte[] RLRE = new Rlre(Optional.of(0)).encode();

  final EmbeddedChannel ch = new EmbeddedChannel(new ClientAssociationHandler());
  final NettyCosemClient client =
      NettyCosemClient.over(
          ch, ClientSettings.publicClient().withResponseTimeout(Duration.ofSeconds(10)));
  final RequestAbandonedException why = new RequestAbandonedException("for a relay command");

  ReleaseAbandoningTest() {
    ch.runPendingTasks();
  }

  WrapperFrame sent() {
    ch.runPendingTasks();
    return ch.readOutbound();
  }

  static Throwable failure(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    return f.handle((v, e) -> e).join();
  }

  void meterAnswers(byte[] apdu) {
    ch.writeInbound(new WrapperFrame(1, 0x10, apdu));
  }

  @Test
  void queuedRequestsFailAtOnceAndTheReleaseFollowsTheExchangeOnTheWire() {
    CompletableFuture<DlmsData> onTheWire =
        client.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2));
    CompletableFuture<DlmsData> queued =
        client.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 3));
    GetRequestNormal first = GetRequestNormal.decode(sent().apdu());

    CompletableFuture<Void> released = client.releaseAbandoning(why);
    ch.runPendingTasks();
    assertThat(queued).isCompletedExceptionally();
    assertThat(failure(queued)).isSameAs(why);
    assertThat(onTheWire).isNotDone();
    assertThat((Object) ch.readOutbound()).isNull(); // nothing overtakes the exchange on the wire

    meterAnswers(GetResponseNormal.success(first.invokeIdAndPriority(), DlmsData.u32(7)).encode());
    assertThat(onTheWire).isCompletedWithValue(DlmsData.u32(7));
    assertThat(sent().apduUnsafe()[0]).isEqualTo((byte) 0x62); // RLRQ
    meterAnswers(RLRE);
    assertThat(released).isCompleted();

    CompletableFuture<DlmsData> later =
        client.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2));
    ch.runPendingTasks();
    assertThat(failure(later)).isSameAs(why);
  }

  @Test
  void aBlockTransferStopsAtTheNextBlockAndTheReleaseGoesInstead() {
    CompletableFuture<DlmsData> profile =
        client.get(AttributeRef.of(CosemObjects.BLOCK_LOAD_PROFILE, 2));
    GetRequestNormal request = GetRequestNormal.decode(sent().apdu());
    CompletableFuture<Void> released = client.releaseAbandoning(why);
    ch.runPendingTasks();

    meterAnswers(
        GetResponseWithDatablock.block(
                request.invokeIdAndPriority(), false, 1, new byte[] {0x01, 0x10})
            .encode());
    assertThat(failure(profile)).isSameAs(why);
    assertThat(sent().apduUnsafe()[0]).isEqualTo((byte) 0x62); // RLRQ, not GET-Request-Next
    meterAnswers(RLRE);
    assertThat(released).isCompleted();
  }
}
