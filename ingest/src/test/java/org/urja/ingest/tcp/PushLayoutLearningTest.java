package org.urja.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.deadletter.DeadLetters;
import org.urja.ingest.layout.LayoutLearning;
import org.urja.ingest.layout.MeterLayouts;
import org.urja.ingest.layout.PerMeterModels;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.store.BatchWriter;
import org.urja.ingest.store.BatchWriterConfig;
import org.urja.ingest.store.MeterDirectory;
import org.urja.ingest.store.UnknownMeterPolicy;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.model.CosemUnit;
import org.urja.protocol.model.MeterLayout;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.model.RegisterScaling;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.profile.CaptureObject;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.protocol.wrapper.WrapperFrameEncoder;

/**
 * A push that fits no layout of its meter's model, over real TCP into PostgreSQL: the meter is
 * asked who it is and what it sends, then the push is stored by its answer; a meter too busy to
 * answer is asked again after a pause; one that cannot say is asked a few times and its pushes are
 * kept as dead letters, never lost silently. A meter already known by its own model (its model
 * file, or what it said before) is identified from its push without a question.
 *
 * <p>What the meter answers over DLMS is given here as the layout itself; the DLMS reading of it is
 * tested end to end with the simulator in the head-end.
 */
class PushLayoutLearningTest extends PostgresTestSupport {
  static final ObisCode INSTANT = ObisCode.parse("0.0.25.9.0.255");
  static final ObisCode IMPORT = ObisCode.parse("1.0.1.8.0.255");
  static final ObisCode CLOCK = ObisCode.parse("0.0.1.0.0.255");
  static final Instant NOON = Instant.parse("2026-11-20T06:30:00Z");
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ExecutorService storeOn = Executors.newSingleThreadExecutor();
  final AtomicInteger asked = new AtomicInteger();
  static final ObisCode SERIAL = ObisCode.parse("0.0.96.1.0.255");
  // a make whose push names its meter after the clock; the model files have no such layout
  static final MeterLayout SERIAL_AFTER_CLOCK =
      new MeterLayout(
          Map.of(
              INSTANT,
              List.of(
                  new CaptureObject(40, INSTANT, 1, 0),
                  new CaptureObject(8, CLOCK, 2, 0),
                  new CaptureObject(1, SERIAL, 2, 0),
                  new CaptureObject(3, IMPORT, 2, 0))),
          Map.of(IMPORT, new RegisterScaling(-1, CosemUnit.WATT_HOUR)),
          Map.of());
  // serial → what that meter says when asked; a meter absent here does not answer
  final Map<String, MeterLayout> meters =
      Map.of(
          "LRN00000001",
          new MeterLayout(
              Map.of(
                  INSTANT,
                  List.of(
                      new CaptureObject(40, INSTANT, 1, 0),
                      new CaptureObject(8, CLOCK, 2, 0),
                      new CaptureObject(3, IMPORT, 2, 0))),
              Map.of(IMPORT, new RegisterScaling(-1, CosemUnit.WATT_HOUR)),
              Map.of()),
          "LRN00000002",
          SERIAL_AFTER_CLOCK,
          "BUSY0000001",
          SERIAL_AFTER_CLOCK);
  // meters too busy to answer the first time they are asked (their association times out)
  final java.util.Set<String> busyOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
  // which meter each test socket stands for, by its local port
  final java.util.concurrent.ConcurrentHashMap<Integer, String> serialOn =
      new java.util.concurrent.ConcurrentHashMap<>();
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
    MeterLayouts layouts = new MeterLayouts(dataSource());
    PerMeterModels models =
        new PerMeterModels(
            dataSource(),
            MeterModelCatalog.bundled(),
            layouts,
            Duration.ofMinutes(5),
            Clock.systemUTC());
    // the meter behind each connection says the serial its socket was opened for (by local port)
    MeterIdentifier identifier =
        ch -> CompletableFuture.completedFuture(serialOn.get(portOf(ch.remoteAddress())));
    LayoutLearning learning =
        new LayoutLearning(
            (ch, serial, model, setups) -> {
              asked.incrementAndGet();
              if (busyOnce.remove(serial)) {
                return CompletableFuture.failedFuture(
                    new java.util.concurrent.TimeoutException("no response within PT10S"));
              }
              MeterLayout said = meters.get(serialOn.get(portOf(ch.remoteAddress())));
              return said == null
                  ? CompletableFuture.failedFuture(
                      new IllegalStateException("meter did not answer"))
                  : CompletableFuture.completedFuture(said);
            },
            layouts,
            models,
            new DeadLetters(dataSource()),
            storeOn,
            Clock.systemUTC(),
            registry);
    server =
        new MeterTcpServer(
                TcpIngestConfig.defaults().withPort(0),
                writer,
                new MeterSessions(),
                directory::touch,
                models,
                new IngestMetrics(registry),
                List.of())
            .identifyWith(identifier)
            .learnWith(learning, false)
            .askAtMost(new QuestionLimits(8, 3, Duration.ofMillis(100)))
            .start();
  }

  static int portOf(java.net.SocketAddress a) {
    return ((java.net.InetSocketAddress) a).getPort();
  }

  @AfterAll
  void stop() {
    server.close();
    writer.close();
    storeOn.shutdownNow();
  }

  /** A push of this make: no serial, energy in tenths of a Wh. */
  static byte[] push(Instant t, long tenthsOfWh) {
    DlmsData body =
        DlmsData.structure(
            DlmsData.octets(INSTANT.toBytes()),
            DlmsData.octets(
                CosemDateTime.of(t, ZoneId.of("Asia/Kolkata"), CosemDateTime.DeviationSign.STANDARD)
                    .encode()),
            DlmsData.u32(tenthsOfWh));
    byte[] apdu = new DataNotification(1, Optional.empty(), body).encode();
    return WrapperFrameEncoder.toBytes(new WrapperFrame(1, 1, apdu));
  }

  /** A push of the make that names itself after the clock: energy in tenths of a Wh. */
  static byte[] pushWithSerial(String serial, Instant t, long tenthsOfWh) {
    DlmsData body =
        DlmsData.structure(
            DlmsData.octets(INSTANT.toBytes()),
            DlmsData.octets(
                CosemDateTime.of(t, ZoneId.of("Asia/Kolkata"), CosemDateTime.DeviationSign.STANDARD)
                    .encode()),
            DlmsData.visible(serial),
            DlmsData.u32(tenthsOfWh));
    return frame(body);
  }

  /** An instant push as the model file urja-sim-1ph-b declares it. */
  static byte[] pushOfMakeB(String serial, Instant t, long tenthsOfWh) {
    DlmsData body =
        DlmsData.structure(
            DlmsData.octets(INSTANT.toBytes()),
            DlmsData.octets(
                CosemDateTime.of(t, ZoneId.of("Asia/Kolkata"), CosemDateTime.DeviationSign.STANDARD)
                    .encode()),
            DlmsData.visible(serial),
            DlmsData.u32(4_000),
            DlmsData.u16(2_301),
            DlmsData.u16(512),
            DlmsData.u32(tenthsOfWh),
            DlmsData.u32(tenthsOfWh + 100),
            DlmsData.bool(true));
    return frame(body);
  }

  static byte[] frame(DlmsData body) {
    byte[] apdu = new DataNotification(1, Optional.empty(), body).encode();
    return WrapperFrameEncoder.toBytes(new WrapperFrame(1, 1, apdu));
  }

  long readingsOf(String serial) {
    return queryLong(
        "SELECT count(*) FROM readings r JOIN meters m ON m.id = r.meter_id WHERE m.serial = '"
            + serial
            + "'");
  }

  Socket meter(String serial) throws Exception {
    Socket s = new Socket("127.0.0.1", server.port());
    serialOn.put(s.getLocalPort(), serial);
    return s;
  }

  @Test
  void aPushOfAnotherLayoutIsStoredByWhatTheMeterSaysOfItselfAtItsOwnScale() throws Exception {
    try (Socket s = meter("LRN00000001")) {
      OutputStream out = s.getOutputStream();
      out.write(push(NOON, 12_345_67));
      out.write(push(NOON.plusSeconds(900), 12_346_89));
      out.flush();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  queryLong(
                          "SELECT count(*) FROM readings r JOIN meters m "
                              + "ON m.id = r.meter_id WHERE m.serial = 'LRN00000001'")
                      == 2);
    }
    // 1234567 tenths of a Wh are 123456.7 Wh, not 1234567 Wh
    assertThat(
            queryLong(
                "SELECT count(*) FROM readings r JOIN meters m ON m.id = r.meter_id "
                    + "WHERE m.serial = 'LRN00000001' AND r.obis = '1.0.1.8.0.255' AND r.value IN (123456.7, 123468.9)"))
        .isEqualTo(2);
    assertThat(
            queryLong(
                "SELECT count(*) FROM meter_layouts WHERE meter_serial = 'LRN00000001' "
                    + "AND model_value IS DISTINCT FROM meter_value"))
        .isEqualTo(2);
    assertThat(queryLong("SELECT count(*) FROM dead_letters WHERE meter_serial = 'LRN00000001'"))
        .isZero();
  }

  @Test
  void aMeterThatCannotSayItsLayoutIsAskedAFewTimesAndItsPushesAreKeptAsDeadLetters()
      throws Exception {
    int before = asked.get();
    try (Socket s = meter("MUTE0000001")) {
      OutputStream out = s.getOutputStream();
      out.write(push(NOON, 10));
      out.flush();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  queryLong(
                          "SELECT count(*) FROM dead_letters WHERE meter_serial = 'MUTE0000001' AND reason = 'unlearned'")
                      == 1);
      out.write(push(NOON.plusSeconds(900), 20));
      out.flush();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  registry
                          .find("urja.ingest.decode.errors")
                          .tag("reason", "push_layout")
                          .counters()
                          .stream()
                          .mapToDouble(c -> c.count())
                          .sum()
                      >= 1);
    }
    // asked on each of the three attempts, then given up on for this connection
    assertThat(asked.get() - before).isEqualTo(3);
    assertThat(
            queryLong(
                "SELECT count(*) FROM readings r JOIN meters m ON m.id = r.meter_id WHERE m.serial = 'MUTE0000001'"))
        .isZero();
  }

  @Test
  void aMeterOfAnotherMakeIsAskedOnceAndOnItsNextConnectionIsKnownByWhatItSaidWithoutAQuestion()
      throws Exception {
    int before = asked.get();
    try (Socket s = meter("LRN00000002")) {
      s.getOutputStream().write(pushWithSerial("LRN00000002", NOON, 100));
      s.getOutputStream().flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> readingsOf("LRN00000002") == 1);
    }
    assertThat(asked.get() - before).isEqualTo(1);
    // the feeder comes back: the meter dials again and pushes what it missed
    try (Socket s = meter("LRN00000002")) {
      OutputStream out = s.getOutputStream();
      out.write(pushWithSerial("LRN00000002", NOON.plusSeconds(900), 200));
      out.write(pushWithSerial("LRN00000002", NOON.plusSeconds(1800), 300));
      out.flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> readingsOf("LRN00000002") == 3);
    }
    assertThat(asked.get() - before).isEqualTo(1);
    assertThat(
            queryLong(
                "SELECT count(*) FROM readings r JOIN meters m ON m.id = r.meter_id "
                    + "WHERE m.serial = 'LRN00000002' AND r.value IN (10.0, 20.0, 30.0)"))
        .isEqualTo(3);
  }

  @Test
  void aMeterWhoseModelFileDeclaresItsPushIsNotAskedButOneWithoutThatModelIs() throws Exception {
    execute("INSERT INTO meters (serial, model) VALUES ('MAKEB000001', 'urja-sim-1ph-b')");
    int before = asked.get();
    try (Socket s = meter("MAKEB000001")) {
      s.getOutputStream().write(pushOfMakeB("MAKEB000001", NOON, 1_234_567));
      s.getOutputStream().flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> readingsOf("MAKEB000001") == 6);
    }
    assertThat(asked.get() - before).isZero();
    assertThat(
            queryLong(
                "SELECT count(*) FROM readings r JOIN meters m ON m.id = r.meter_id "
                    + "WHERE m.serial = 'MAKEB000001' AND r.obis = '1.0.1.8.0.255' AND r.value = 123456.7"))
        .isEqualTo(1);
    // the same push from a meter whose model is the default: a model file that fits is not enough
    try (Socket s = meter("MAKEB000002")) {
      s.getOutputStream().write(pushOfMakeB("MAKEB000002", NOON, 1_234_567));
      s.getOutputStream().flush();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  queryLong("SELECT count(*) FROM dead_letters WHERE meter_serial = 'MAKEB000002'")
                      == 1);
    }
    assertThat(asked.get() - before).isEqualTo(3);
    assertThat(readingsOf("MAKEB000002")).isZero();
  }

  @Test
  void aMeterTooBusyToAnswerIsAskedAgainAndThePushesThatWaitedAreStoredOnceItAnswers()
      throws Exception {
    busyOnce.add("BUSY0000001");
    int before = asked.get();
    try (Socket s = meter("BUSY0000001")) {
      OutputStream out = s.getOutputStream();
      for (int i = 0; i < 4; i++) {
        out.write(pushWithSerial("BUSY0000001", NOON.plusSeconds(900L * i), 100 + i));
      }
      out.flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> readingsOf("BUSY0000001") == 4);
    }
    assertThat(asked.get() - before).isEqualTo(2);
    assertThat(queryLong("SELECT count(*) FROM dead_letters WHERE meter_serial = 'BUSY0000001'"))
        .isZero();
  }
}
