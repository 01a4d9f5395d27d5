package org.urja.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.store.BatchWriter;
import org.urja.ingest.store.BatchWriterConfig;
import org.urja.ingest.store.MeterDirectory;
import org.urja.ingest.store.UnknownMeterPolicy;
import org.urja.protocol.hostile.HostileInputs;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;

/**
 * The hostile frames of issue 7 over real TCP to the real listener, stored in a real PostgreSQL:
 * each is one counted decode error, and every meter, the sender included, goes on being stored.
 */
class HostileFrameTest extends PostgresTestSupport {
  final MeterModel model = MeterModelCatalog.bundled().defaultModel();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final IngestMetrics metrics = new IngestMetrics(registry);
  final MeterSessions sessions = new MeterSessions();
  BatchWriter writer;
  MeterTcpServer server;

  @BeforeAll
  void start() throws Exception {
    MeterDirectory directory =
        new MeterDirectory(dataSource(), UnknownMeterPolicy.AUTO_REGISTER, registry);
    writer =
        new BatchWriter(
            dataSource(),
            directory,
            BatchWriterConfig.defaults().withBatch(500, Duration.ofMillis(10)),
            registry);
    server =
        new MeterTcpServer(
                TcpIngestConfig.defaults().withPort(0),
                writer,
                sessions,
                directory::touch,
                s -> model,
                metrics,
                List.of())
            .start();
  }

  @AfterAll
  void stop() {
    server.close();
    writer.close();
  }

  byte[] push(String serial, Instant t, long wh) {
    return TcpIngestFixtures.bundledModelPush(serial, t, wh);
  }

  long rows(String serial) {
    return queryLong(
        "SELECT count(*) FROM readings r JOIN meters m ON m.id = r.meter_id WHERE m.serial = '"
            + serial
            + "'");
  }

  double axdrErrors() {
    Counter c =
        registry
            .find("urja.ingest.decode.errors")
            .tags("transport", "tcp", "reason", "axdr")
            .counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void twentyZeroWidthCompactArrayFramesAreTwentyDecodeErrorsAndEveryMeterKeepsBeingStored()
      throws Exception {
    Instant t = Instant.parse("2026-11-22T08:30:00Z");
    double errorsBefore = axdrErrors();
    try (Socket honest = new Socket("127.0.0.1", server.port());
        Socket hostile = new Socket("127.0.0.1", server.port())) {
      honest.getOutputStream().write(push("HONEST01", t, 1000));
      await().atMost(Duration.ofSeconds(10)).until(() -> rows("HONEST01") == 7);

      OutputStream out = hostile.getOutputStream();
      for (int i = 0; i < 20; i++) {
        out.write(HostileInputs.ZERO_WIDTH_COMPACT_ARRAY_FRAME);
      }
      out.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> axdrErrors() - errorsBefore == 20);

      // the framing was intact, so the connection that sent them stays open and is heard
      out.write(push("HOSTILE1", t, 2000));
      await().atMost(Duration.ofSeconds(10)).until(() -> rows("HOSTILE1") == 7);

      for (int k = 1; k <= 3; k++) {
        honest.getOutputStream().write(push("HONEST01", t.plusSeconds(900L * k), 1000 + 100L * k));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> rows("HONEST01") == 28);
      assertThat(sessions.find("HONEST01")).isPresent();
    }
    assertThat(axdrErrors() - errorsBefore).isEqualTo(20);
  }
}
