package org.urja.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.reading.ReadingSink;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.session.MeterSightings;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.ClientAssociationHandler;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.client.NettyCosemClient;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.server.TestMeter;

/**
 * Pushes are decoded and stored on push threads of their own, so the event loops that carry the
 * head-end's requests and the meters' answers do not wait for them; what waits there is bounded.
 */
class PushThreadsTest {

  /** A store whose submissions the test holds up, as a slow store holds a push thread. */
  static final class HeldSink implements ReadingSink {
    final List<Reading> received = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean hold;

    @Override
    public CompletableFuture<?> submit(List<Reading> readings, List<MeterEvent> events) {
      received.addAll(readings);
      if (hold) {
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean hasCapacity() {
      return true;
    }

    @Override
    public void addCapacityListener(Consumer<Boolean> listener) {}
  }

  @Test
  void aMetersAnswerIsTakenWhileItsPushesWaitForTheirThread() throws Exception {
    HeldSink sink = new HeldSink();
    MeterSessions sessions = new MeterSessions();
    var model = MeterModelCatalog.bundled().defaultModel();
    NioEventLoopGroup meterLoop = new NioEventLoopGroup(1);
    // one event loop and one push thread: the meter's connection shares both with nothing else
    try (MeterTcpServer server =
        new MeterTcpServer(
                new TcpIngestConfig("127.0.0.1", 0, 2048, Duration.ofMinutes(5), 1),
                sink,
                sessions,
                MeterSightings.NONE,
                s -> model,
                new IngestMetrics(new SimpleMeterRegistry()),
                List.of(ClientAssociationHandler::new))
            .start()) {
      Channel meter = TcpBackpressureTest.dialTestMeter(meterLoop, server.port());
      Instant t0 = Instant.parse("2026-11-22T04:30:00Z");
      meter.writeAndFlush(Unpooled.wrappedBuffer(TcpBackpressureTest.push("PT000001", t0))).sync();
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.received.size() == 7);

      // the store holds the next push, and with it the connection's push thread
      sink.hold = true;
      meter
          .writeAndFlush(
              Unpooled.wrappedBuffer(TcpBackpressureTest.push("PT000001", t0.plusSeconds(900))))
          .sync();
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.received.size() == 14);

      // a relay command's exchange on the same connection is not held with it
      NettyCosemClient client =
          NettyCosemClient.over(
              sessions.find("PT000001").orElseThrow().channel(),
              ClientSettings.publicClient().withPassword("12345678"));
      client.associate().get(5, TimeUnit.SECONDS);
      assertThat(
              client
                  .get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2))
                  .get(5, TimeUnit.SECONDS))
          .isEqualTo(DlmsData.u32(TestMeter.ENERGY_WH));

      // and the push held is stored once the store lets go, with the one sent after it
      meter
          .writeAndFlush(
              Unpooled.wrappedBuffer(TcpBackpressureTest.push("PT000001", t0.plusSeconds(1800))))
          .sync();
      sink.release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.received.size() == 21);
      meter.close().sync();
    } finally {
      meterLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void pushesWaitingAboveTheBoundStopReadingUntilTheyAreDownToTheLowMark() throws Exception {
    List<Boolean> told = new CopyOnWriteArrayList<>();
    CountDownLatch busy = new CountDownLatch(1);
    try (PushThreads threads = new PushThreads(1, 3, 1, told::add)) {
      var thread = threads.group().next();
      thread.execute(
          () -> {
            try {
              busy.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      await().atMost(Duration.ofSeconds(5)).until(() -> threads.waiting() == 0);
      for (int i = 0; i < 3; i++) {
        thread.execute(() -> {});
        threads.check();
      }
      assertThat(threads.keepUp()).isFalse();
      assertThat(told).containsExactly(false);
      threads.check();
      assertThat(told).as("told once per change").containsExactly(false);

      busy.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> threads.waiting() == 0);
      threads.check();
      assertThat(threads.keepUp()).isTrue();
      assertThat(told).containsExactly(false, true);
    }
  }
}
