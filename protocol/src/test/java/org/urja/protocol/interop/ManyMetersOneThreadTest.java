package org.urja.protocol.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.ClientAssociationHandler;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.client.NettyCosemClient;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.server.CosemServerListener;
import org.urja.protocol.server.CosemServerMetrics;
import org.urja.protocol.server.ServerSettings;
import org.urja.protocol.server.TestMeter;

/** The reason the head-end's client is Netty-native: many meters, no thread per meter. */
class ManyMetersOneThreadTest {
  static final int METERS = 200;

  @Test
  void twoHundredMetersThatDialledInAreAllReadFromOneEventLoopThread() throws Exception {
    List<CompletableFuture<DlmsData>> readings = new ArrayList<>();
    try (NettyPeers headEndLoop = new NettyPeers(1);
        NettyPeers meterLoops = new NettyPeers(2)) {
      Channel headEnd =
          headEndLoop.listen(
              p -> {
                ClientAssociationHandler.initPipeline(p, 0xFFFF);
                NettyCosemClient c =
                    NettyCosemClient.over(
                        p.channel(), ClientSettings.publicClient().withPassword("pw"));
                CompletableFuture<DlmsData> reading =
                    c.associate()
                        .thenCompose(
                            init -> c.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2)));
                synchronized (readings) {
                  readings.add(reading);
                }
              });

      CosemServerMetrics metrics = new CosemServerMetrics();
      Bootstrap meters =
          meterLoops.dialler(
              p ->
                  CosemServerListener.initPipeline(
                      p, new TestMeter(), ServerSettings.withPassword("pw"), metrics));
      List<Channel> meterChannels = new ArrayList<>();
      for (int i = 0; i < METERS; i++) {
        meterChannels.add(meters.connect(headEnd.localAddress()).sync().channel());
      }

      org.awaitility.Awaitility.await()
          .atMost(30, TimeUnit.SECONDS)
          .until(
              () -> {
                synchronized (readings) {
                  return readings.size() == METERS;
                }
              });
      CompletableFuture.allOf(readings.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
      for (CompletableFuture<DlmsData> r : readings) {
        assertThat(r.join()).isEqualTo(DlmsData.u32(TestMeter.ENERGY_WH));
      }
      assertThat(metrics.associationsAccepted()).isEqualTo(METERS);
      for (Channel ch : meterChannels) {
        ch.close();
      }
      headEnd.close().sync();
    }
  }
}
