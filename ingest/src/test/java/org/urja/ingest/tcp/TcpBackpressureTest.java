package org.urja.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.reading.ReadingSink;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.session.MeterSightings;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.ClientAssociationHandler;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.client.NettyCosemClient;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.server.CosemServerListener;
import org.urja.protocol.server.CosemServerMetrics;
import org.urja.protocol.server.ServerSettings;
import org.urja.protocol.server.TestMeter;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.protocol.wrapper.WrapperFrameEncoder;

/**
 * While the store is behind, the listener stops reading from every identified meter's connection
 * (TCP flow control pushes back to the meters) and reads again once it has caught up; nothing is
 * dropped. A meter that connects meanwhile is read until its first push identifies it.
 */
class TcpBackpressureTest {

  /** A store whose capacity the test turns off and on. */
  static final class ValveSink implements ReadingSink {
    final List<Reading> received = new CopyOnWriteArrayList<>();
    final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    volatile boolean open = true;

    @Override
    public CompletableFuture<?> submit(List<Reading> readings, List<MeterEvent> events) {
      received.addAll(readings);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean hasCapacity() {
      return open;
    }

    @Override
    public void addCapacityListener(Consumer<Boolean> listener) {
      listeners.add(listener);
    }

    void set(boolean on) {
      open = on;
      listeners.forEach(l -> l.accept(on));
    }
  }

  static byte[] push(String serial, Instant t) {
    DlmsData body =
        DlmsData.structure(
            DlmsData.octets(ObisCode.parse("0.0.25.9.0.255").toBytes()),
            DlmsData.octets(serial.getBytes()),
            DlmsData.octets(
                CosemDateTime.of(t, ZoneId.of("Asia/Kolkata"), CosemDateTime.DeviationSign.STANDARD)
                    .encode()),
            DlmsData.u32(1000),
            DlmsData.u32(1050),
            DlmsData.u32(0),
            DlmsData.u16(23011),
            DlmsData.u32(4_100),
            DlmsData.u32(940),
            DlmsData.bool(true));
    return WrapperFrameEncoder.toBytes(
        new WrapperFrame(1, 1, new DataNotification(1, Optional.empty(), body).encode()));
  }

  /**
   * A {@link TestMeter} that dials the listener on {@code port}, to push and answer on one link.
   */
  static Channel dialTestMeter(NioEventLoopGroup loop, int port) throws InterruptedException {
    return new Bootstrap()
        .group(loop)
        .channel(NioSocketChannel.class)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                CosemServerListener.initPipeline(
                    ch.pipeline(),
                    new TestMeter(),
                    ServerSettings.withPassword("12345678"),
                    new CosemServerMetrics());
              }
            })
        .connect("127.0.0.1", port)
        .sync()
        .channel();
  }

  @Test
  void aFullStorePausesReadingFromMetersAndNothingIsLostWhenItResumes() throws Exception {
    ValveSink sink = new ValveSink();
    var model = MeterModelCatalog.bundled().defaultModel();
    Instant t0 = Instant.parse("2026-11-22T04:30:00Z");
    try (MeterTcpServer server =
            new MeterTcpServer(
                    TcpIngestConfig.defaults().withPort(0),
                    sink,
                    new MeterSessions(),
                    MeterSightings.NONE,
                    s -> model,
                    new IngestMetrics(new SimpleMeterRegistry()),
                    List.of())
                .start();
        Socket a = new Socket("127.0.0.1", server.port());
        Socket b = new Socket("127.0.0.1", server.port())) {
      a.getOutputStream().write(push("BP000001", t0));
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.received.size() == 7);

      sink.set(false);
      // a pause, not a wait for a condition: the event loops clear read interest after
      // autoRead=false is set, and nothing outside the server can see when they did
      Thread.sleep(200);
      OutputStream outA = a.getOutputStream();
      for (int i = 1; i <= 5; i++) {
        outA.write(push("BP000001", t0.plusSeconds(900L * i)));
      }
      outA.flush();
      // nothing read from an identified meter while paused
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> sink.received.size() == 7);

      // a meter that connected meanwhile is read until its first push names it...
      OutputStream outB = b.getOutputStream();
      outB.write(push("BP000002", t0));
      outB.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.received.size() == 14);
      // ...and then waits like the others
      for (int i = 1; i <= 4; i++) {
        outB.write(push("BP000002", t0.plusSeconds(900L * i)));
      }
      outB.flush();
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> sink.received.size() == 14);

      sink.set(true);
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.received.size() == 14 + 9 * 7);
    }
  }

  @Test
  void aRequestQueuedBehindAnotherIsAnsweredWhileTheStoreIsBehind() throws Exception {
    ValveSink sink = new ValveSink();
    MeterSessions sessions = new MeterSessions();
    var model = MeterModelCatalog.bundled().defaultModel();
    NioEventLoopGroup meterLoop = new NioEventLoopGroup(1);
    try (MeterTcpServer server =
        new MeterTcpServer(
                TcpIngestConfig.defaults().withPort(0),
                sink,
                sessions,
                MeterSightings.NONE,
                s -> model,
                new IngestMetrics(new SimpleMeterRegistry()),
                List.of(ClientAssociationHandler::new))
            .start()) {
      // a meter that dials, pushes, and answers DLMS requests on the same connection
      Channel meter = dialTestMeter(meterLoop, server.port());
      meter
          .writeAndFlush(
              Unpooled.wrappedBuffer(push("BQ000001", Instant.parse("2026-11-22T04:30:00Z"))))
          .sync();
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.received.size() == 7);
      sink.set(false);
      Thread.sleep(200);

      NettyCosemClient client =
          NettyCosemClient.over(
              sessions.find("BQ000001").orElseThrow().channel(),
              ClientSettings.publicClient().withPassword("12345678"));
      client.associate().get(5, TimeUnit.SECONDS);
      // the second goes out while the first's answer is handled, as a relay command's HLS step or
      // a profile's next block does: its answer must be read although the store is behind
      var value = client.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2));
      var scaler = client.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 3));
      assertThat(value.get(5, TimeUnit.SECONDS)).isEqualTo(DlmsData.u32(TestMeter.ENERGY_WH));
      assertThat(scaler.get(5, TimeUnit.SECONDS)).isNotNull();
      meter.close().sync();
    } finally {
      meterLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }
}
