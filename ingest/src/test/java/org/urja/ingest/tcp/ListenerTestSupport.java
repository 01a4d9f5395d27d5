package org.urja.ingest.tcp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.store.BatchWriter;
import org.urja.ingest.store.BatchWriterConfig;
import org.urja.ingest.store.MeterDirectory;
import org.urja.ingest.store.UnknownMeterPolicy;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;

/**
 * The real TCP listener on an ephemeral port, storing through a real writer into the embedded
 * PostgreSQL, for tests that talk to it over sockets as meters (and attackers) do. Meters of the
 * bundled model are registered on first push.
 */
abstract class ListenerTestSupport extends PostgresTestSupport {
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
        configure(
                new MeterTcpServer(
                    TcpIngestConfig.defaults().withPort(0),
                    writer,
                    sessions,
                    directory::touch,
                    s -> model,
                    metrics,
                    List.of()))
            .start();
  }

  /**
   * What a test adds to the listener before it starts (identity rules, say); nothing by default.
   */
  MeterTcpServer configure(MeterTcpServer server) {
    return server;
  }

  @AfterAll
  void stop() {
    server.close();
    writer.close();
  }

  /** A push exactly as the bundled meter model lays it out. */
  byte[] push(String serial, Instant t, long wh) {
    return TcpIngestFixtures.bundledModelPush(serial, t, wh);
  }

  long rows(String serial) {
    return queryLong(
        "SELECT count(*) FROM readings r JOIN meters m ON m.id = r.meter_id WHERE m.serial = '"
            + serial
            + "'");
  }

  /** Whether the head-end closed {@code s} (end of stream or reset) within a few seconds. */
  static boolean closedByPeer(Socket s) {
    try {
      s.setSoTimeout(5_000);
      InputStream in = s.getInputStream();
      return in.read() == -1;
    } catch (IOException e) {
      return true;
    }
  }

  double counted(String name, String tag, String value) {
    Counter c = registry.find(name).tag(tag, value).counter();
    return c == null ? 0 : c.count();
  }
}
