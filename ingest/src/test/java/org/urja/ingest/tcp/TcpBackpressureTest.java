package org.urja.ingest.tcp;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.protocol.wrapper.WrapperFrameEncoder;

/**
 * While the store is behind, the listener stops reading from every meter connection (TCP flow
 * control pushes back to the meters) and reads again once it has caught up; nothing is dropped.
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

  @Test
  void aFullStorePausesReadingFromMetersAndNothingIsLostWhenItResumes() throws Exception {
    ValveSink sink = new ValveSink();
    var model = MeterModelCatalog.bundled().defaultModel();
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
      a.getOutputStream().write(push("BP000001", Instant.parse("2026-11-22T04:30:00Z")));
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.received.size() == 7);

      sink.set(false);
      // a pause, not a wait for a condition: the event loops clear read interest after
      // autoRead=false
      // is set, and nothing outside the server can see when they did
      Thread.sleep(200);
      OutputStream outA = a.getOutputStream();
      OutputStream outB = b.getOutputStream();
      for (int i = 1; i <= 5; i++) {
        outA.write(push("BP000001", Instant.parse("2026-11-22T04:30:00Z").plusSeconds(900L * i)));
        outB.write(push("BP000002", Instant.parse("2026-11-22T04:30:00Z").plusSeconds(900L * i)));
      }
      outA.flush();
      outB.flush();
      // nothing read while paused
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> sink.received.size() == 7);

      sink.set(true);
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.received.size() == 7 + 2 * 5 * 7);
    }
  }
}
