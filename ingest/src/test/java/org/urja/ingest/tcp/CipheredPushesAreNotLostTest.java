package org.urja.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.db.SwitchableDataSource;
import org.urja.ingest.keys.KeyFileRow;
import org.urja.ingest.keys.MasterKey;
import org.urja.ingest.keys.MeterKeyStore;
import org.urja.ingest.keys.StoredFrameCounterGuard;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.push.PushSecurity;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.store.BatchWriter;
import org.urja.ingest.store.BatchWriterConfig;
import org.urja.ingest.store.MeterDirectory;
import org.urja.ingest.store.UnknownMeterPolicy;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.security.CipheredPushes;
import org.urja.protocol.security.MeterSecrets;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.protocol.wrapper.WrapperFrameEncoder;

/**
 * Ciphered pushes are opened off the event loop, in order, and none is lost: not when its meter
 * hangs up, and not when this node's database cannot check it for a while (a DataNotification is
 * never confirmed, so a push refused is a push lost: it is held, its connection paused).
 */
class CipheredPushesAreNotLostTest extends PostgresTestSupport {
  static final byte[] TITLE = HexFormat.of().parseHex("55524A00000000E1");
  static final byte[] HELD_TITLE = HexFormat.of().parseHex("55524A00000000E2");
  final MeterModel model = MeterModelCatalog.bundled().defaultModel();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final SecureRandom random = new SecureRandom();
  SwitchableDataSource frameCounterDatabase;
  MeterSecrets secrets;
  BatchWriter writer;
  MeterTcpServer server;

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  @BeforeAll
  void start() throws Exception {
    frameCounterDatabase = new SwitchableDataSource(dataSource());
    MeterKeyStore keys = new MeterKeyStore(dataSource(), Optional.of(new MasterKey(bytes(32))));
    secrets =
        new MeterSecrets(
            Optional.empty(), Optional.empty(), Optional.of(bytes(16)), Optional.of(bytes(16)));
    keys.importRows(
        List.of(
            new KeyFileRow(2, "HANG0001", secrets, Optional.of("55524A00000000E1")),
            new KeyFileRow(2, "HOLD0001", secrets, Optional.of("55524A00000000E2"))),
        null,
        "test");
    MeterDirectory directory =
        new MeterDirectory(dataSource(), UnknownMeterPolicy.AUTO_REGISTER, registry);
    writer =
        new BatchWriter(
            dataSource(),
            directory,
            BatchWriterConfig.defaults().withBatch(500, Duration.ofMillis(10)),
            registry);
    // one opener thread: the pushes are still waiting to be opened when the meter hangs up
    TcpIngestConfig cfg = new TcpIngestConfig("127.0.0.1", 0, 4096, Duration.ofHours(1), 1, 1);
    server =
        new MeterTcpServer(
                cfg,
                writer,
                new MeterSessions(),
                directory::touch,
                s -> model,
                new IngestMetrics(registry),
                List.of())
            .securePushesWith(
                new PushSecurity(keys, new StoredFrameCounterGuard(frameCounterDatabase, registry)))
            .start();
  }

  @AfterAll
  void stop() {
    server.close();
    writer.close();
  }

  /** The bundled model's push for {@code t}, sealed as the meter seals it. */
  byte[] cipheredPush(Instant t, long wh, long frameCounter) {
    return cipheredPush("HANG0001", TITLE, t, wh, frameCounter);
  }

  /** The bundled model's push for {@code t}, sealed as the meter seals it. */
  byte[] cipheredPush(String serial, byte[] title, Instant t, long wh, long frameCounter) {
    byte[] plainFrame = TcpIngestFixtures.bundledModelPush(serial, t, wh);
    DataNotification n =
        DataNotification.decode(Arrays.copyOfRange(plainFrame, 8, plainFrame.length));
    return WrapperFrameEncoder.toBytes(
        new WrapperFrame(1, 1, CipheredPushes.seal(n, title, frameCounter, secrets)));
  }

  long stored(String serial) {
    return queryLong(
        "SELECT count(*) FROM readings r JOIN meters m ON m.id = r.meter_id WHERE m.serial = '"
            + serial
            + "'");
  }

  @Test
  void aMeterThatSendsItsCipheredPushesAndHangsUpHasEveryOneStored() throws Exception {
    Instant t = Instant.parse("2026-11-22T04:30:00Z");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int i = 0; i < 40; i++) {
      all.write(cipheredPush(t.plusSeconds(900L * i), 1000 + i, 100 + i));
    }
    try (Socket meter = new Socket("127.0.0.1", server.port())) {
      meter.getOutputStream().write(all.toByteArray());
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                queryLong(
                        "SELECT count(*) FROM readings r JOIN meters m ON m.id = r.meter_id WHERE m.serial = 'HANG0001'")
                    == 40 * 7);
    // opened in the order sent: each counter above the one before, so none refused as a replay
    assertThat(registry.find("urja.security.replays").counter().count()).isZero();
    assertThat(registry.find("urja.ingest.push.refused").counters()).isEmpty();
  }

  @Test
  void cipheredPushesThatArriveWhileTheDatabaseIsDownAreStoredWhenItIsBack() throws Exception {
    // a day and more of 15-minute pushes, all in the past (the clock check quarantines the future)
    Instant t = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int i = 0; i < 100; i++) {
      all.write(cipheredPush("HOLD0001", HELD_TITLE, t.plusSeconds(900L * i), 1000 + i, 500 + i));
    }
    frameCounterDatabase.down.set(true);
    try (Socket meter = new Socket("127.0.0.1", server.port())) {
      meter.getOutputStream().write(all.toByteArray());
      // the node tries, cannot check, and holds: nothing stored, nothing refused
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> frameCounterDatabase.refusedConnections.get() >= 3);
      assertThat(stored("HOLD0001")).isZero();
      assertThat(registry.find("urja.ingest.push.refused").counters()).isEmpty();

      frameCounterDatabase.down.set(false);
      await().atMost(Duration.ofSeconds(60)).until(() -> stored("HOLD0001") == 100 * 7);
    }
    assertThat(registry.find("urja.ingest.push.refused").counters()).isEmpty();
    assertThat(registry.find("urja.security.replays").counter().count()).isZero();
  }
}
