package org.urja.headend.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.urja.headend.api.ApiClient;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.embedded.EmbeddedBroker;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.session.MeterSession;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.server.CosemServerHandler;
import org.urja.protocol.server.ServerSettings;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.protocol.wrapper.WrapperFrameEncoder;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.MqttFleet;
import org.urja.simulator.fleet.TcpFleet;
import org.urja.simulator.meter.SimClock;
import org.urja.simulator.push.CipheredPushEncoding;
import org.urja.simulator.push.MeterPushKeys;
import org.urja.simulator.push.PushEncoding;

/**
 * Ciphered pushes (issue 8) and identity earned at the wire (issue 7): a simulated meter whose keys
 * and system title were imported seals its pushes; they are opened, stored and charged like plain
 * ones, over TCP and over MQTT. A replayed push, a push with a wrong tag, one from an unknown
 * system title and one claiming another meter are refused, counted by reason and store nothing; a
 * plain push from a meter that must cipher is refused; and an impostor cannot displace the session
 * the meter proved with its ciphered pushes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CipheredPushesEndToEndTest extends PostgresTestSupport {
  static final String OPERATOR = "operator-secret-8";
  static final String GATEWAY = "gateway-secret-8";
  static final String TCP_METER = "CPT00000000";
  static final String MQTT_METER = "CPM00000000";
  static final SecureRandom RANDOM = new SecureRandom();
  static final Map<String, MeterPushKeys> KEYS =
      Map.of(
          TCP_METER,
              MeterPushKeys.of(HexFormat.of().parseHex("55524A0000000001"), random(16), random(16)),
          MQTT_METER,
              MeterPushKeys.of(
                  HexFormat.of().parseHex("55524A0000000002"), random(16), random(16)));
  EmbeddedBroker broker;
  HeadEnd hes;
  ApiClient api;
  TcpFleet tcpFleet;
  MqttFleet mqttFleet;
  final CipheredPushEncoding sealer = new CipheredPushEncoding(KEYS::get);
  final AtomicReference<byte[]> lastSent = new AtomicReference<>();

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  @Override
  protected int poolSize() {
    return 10;
  }

  @BeforeAll
  void start() throws Exception {
    broker = EmbeddedBroker.start(0);
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("keys.master", Base64.getEncoder().encodeToString(random(32)))
            .with("meter.learn.first.contact", "false")
            .with("api.operator.tokens", OPERATOR)
            .with("api.gateway.tokens", GATEWAY);
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.of(broker.uri()));
    api = new ApiClient(hes.httpPort());
    hes.prepaid()
        .utilities()
        .register("CIPHCO", "Cipher Discom", UtilitySettings.disconnectingAtOnce());
    hes.prepaid()
        .tariffs()
        .save(
            new Tariff(
                "CIPHCO",
                "LMV-1",
                LocalDate.parse("2020-01-01"),
                List.of(new Slab(null, new BigDecimal("800"))),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                List.of(),
                Rebate.none()));
    for (String serial : List.of(TCP_METER, MQTT_METER)) {
      assertThat(
              api.post(
                      OPERATOR,
                      "/api/meters",
                      "{\"serial\":\"" + serial + "\",\"utility\":\"CIPHCO\"}")
                  .status())
          .isEqualTo(201);
    }
    hes.prepaid()
        .accounts()
        .open(
            new Account(
                "ACC-8001",
                "CIPHCO",
                "Asha Devi",
                "+919800000008",
                "en",
                PaymentMode.PREPAID,
                "LMV-1",
                new BigDecimal("2"),
                Instant.parse("2020-01-01T00:00:00Z")),
            TCP_METER);
    assertThat(
            api.post(
                    GATEWAY,
                    "/api/payments",
                    "{\"accountId\":\"ACC-8001\",\"amountPaise\":500000,"
                        + "\"gatewayReference\":\"UTR-8001\",\"channel\":\"UPI\"}")
                .status())
        .isEqualTo(201);
    // the key file as the simulator exports it (system title, then the secrets)
    StringBuilder file =
        new StringBuilder(
            "serial,system_title,lls_password,hls_secret,encryption_key,authentication_key\n");
    KEYS.forEach(
        (serial, k) ->
            file.append(serial)
                .append(',')
                .append(HexFormat.of().formatHex(k.systemTitle()))
                .append(",3132333435363738,,")
                .append(HexFormat.of().formatHex(k.secrets().encryptionKey().orElseThrow()))
                .append(',')
                .append(HexFormat.of().formatHex(k.secrets().authenticationKey().orElseThrow()))
                .append('\n'));
    assertThat(api.post(OPERATOR, "/api/meter-keys/import", file.toString()).status())
        .isEqualTo(200);
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {tcpFleet, mqttFleet, hes, broker}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing the rest matters more
      }
    }
  }

  long count(String sql) {
    return queryLong(sql);
  }

  double refused(String transport, String reason) {
    Counter c =
        hes.registry()
            .find("urja.ingest.push.refused")
            .tag("transport", transport)
            .tag("reason", reason)
            .counter();
    return c == null ? 0 : c.count();
  }

  double rejectedConnections(String reason) {
    Counter c =
        hes.registry().find("urja.ingest.connections.rejected").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  FleetConfig oneMeter(String prefix, long seed) {
    Instant simStart = SimClock.alignedStart(Instant.now(), Duration.ofMinutes(15), 192);
    return new FleetConfig(
        1, 0, prefix, seed, simStart, Duration.ofMinutes(15), Duration.ofMillis(300), 0, 4, 100);
  }

  /** A push laid out as the bundled model says, for {@code serial}, at {@code t}. */
  static DataNotification push(String serial, Instant t, long wh) {
    DlmsData body =
        DlmsData.structure(
            DlmsData.octets(ObisCode.parse("0.0.25.9.0.255").toBytes()),
            DlmsData.octets(serial.getBytes()),
            DlmsData.octets(
                CosemDateTime.of(t, ZoneId.of("Asia/Kolkata"), CosemDateTime.DeviationSign.STANDARD)
                    .encode()),
            DlmsData.u32(wh),
            DlmsData.u32(0),
            DlmsData.u32(0),
            DlmsData.u16(23011),
            DlmsData.u32(4_100),
            DlmsData.u32(940),
            DlmsData.bool(true));
    return new DataNotification(1, Optional.empty(), body);
  }

  /** An alert push (event code only: nothing to charge), laid out as the bundled model says. */
  static DataNotification alert(String serial, Instant t, int code) {
    DlmsData body =
        DlmsData.structure(
            DlmsData.octets(ObisCode.parse("0.4.25.9.0.255").toBytes()),
            DlmsData.octets(serial.getBytes()),
            DlmsData.octets(
                CosemDateTime.of(t, ZoneId.of("Asia/Kolkata"), CosemDateTime.DeviationSign.STANDARD)
                    .encode()),
            DlmsData.u16(code));
    return new DataNotification(2, Optional.empty(), body);
  }

  static byte[] framed(byte[] apdu) {
    return WrapperFrameEncoder.toBytes(new WrapperFrame(1, 1, apdu));
  }

  /** Whether the head-end closes the connection within a few seconds. */
  static boolean closedByPeer(Socket s) {
    try {
      s.setSoTimeout(5_000);
      InputStream in = s.getInputStream();
      byte[] buf = new byte[512];
      while (true) {
        if (in.read(buf) == -1) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  long charges() {
    return count(
        "SELECT count(*) FROM ledger_entries WHERE account_id = 'ACC-8001' AND idempotency_key LIKE 'charge:%'");
  }

  long readingsOf(String serial) {
    return count(
        "SELECT count(*) FROM readings r JOIN meters m ON m.id = r.meter_id WHERE m.serial = '"
            + serial
            + "'");
  }

  @Test
  @Order(1)
  void aCipheredPushFromTheSimulatorIsStoredAndChargedLikeAPlainOne() {
    PushEncoding recording =
        (serial, n) -> {
          byte[] apdu = sealer.encode(serial, n);
          lastSent.set(apdu);
          return apdu;
        };
    tcpFleet =
        new TcpFleet(
                oneMeter("CPT", 21L),
                MeterModelCatalog.bundled().defaultModel(),
                "127.0.0.1",
                hes.tcpPort(),
                1,
                m -> new CosemServerHandler(m, ServerSettings.open()))
            .pushEncoding(recording)
            .start();

    await().atMost(Duration.ofSeconds(30)).until(() -> charges() >= 3);
    assertThat(readingsOf(TCP_METER)).isGreaterThan(0);
    assertThat(hes.sessions().find(TCP_METER))
        .hasValueSatisfying(s -> assertThat(s.authenticated()).isTrue());
    assertThat(
            count(
                "SELECT last_accepted FROM meter_frame_counters WHERE stream = 0 AND serial = '"
                    + TCP_METER
                    + "'"))
        .isEqualTo(sealer.lastCounter(TCP_METER));
    assertThat(hes.prepaid().queries().accountsOutOfBalance()).isEmpty();
  }

  @Test
  @Order(2)
  void aReplayedCipheredPushIsRefusedCountedAndStoresNothing() throws Exception {
    tcpFleet.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> hes.sessions().find(TCP_METER).isEmpty());
    // the fleet's last pushes are committed: two polls half a second apart see the same count
    java.util.concurrent.atomic.AtomicLong previous =
        new java.util.concurrent.atomic.AtomicLong(-1);
    await()
        .pollInterval(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(10))
        .until(() -> previous.getAndSet(readingsOf(TCP_METER)) == readingsOf(TCP_METER));
    long stored = readingsOf(TCP_METER);
    double replays = refused("tcp", "replay");
    try (Socket attacker = new Socket("127.0.0.1", hes.tcpPort())) {
      attacker.getOutputStream().write(framed(lastSent.get()));
      await().atMost(Duration.ofSeconds(10)).until(() -> refused("tcp", "replay") == replays + 1);
      // bad input stays in its frame: the connection is not closed for it, and nothing claimed the
      // meter
      assertThat(closedByPeer(attacker)).isFalse();
      assertThat(hes.sessions().find(TCP_METER)).isEmpty();
    }
    assertThat(readingsOf(TCP_METER)).isEqualTo(stored);
  }

  @Test
  @Order(3)
  void aWrongTagAnUnknownSystemTitleAndAnotherMetersSerialAreRefusedByReason() throws Exception {
    long stored = readingsOf(TCP_METER);
    Instant t = Instant.now().minusSeconds(60);
    byte[] altered = sealer.encode(TCP_METER, push(TCP_METER, t, 99_000_000));
    altered[altered.length - 1] ^= 0x01;
    MeterPushKeys stranger =
        MeterPushKeys.of(HexFormat.of().parseHex("55524A00000000FF"), random(16), random(16));
    byte[] unknown =
        new CipheredPushEncoding(s -> stranger).encode(TCP_METER, push(TCP_METER, t, 99_000_000));
    byte[] otherMeter = sealer.encode(TCP_METER, push("CPX00000009", t, 99_000_000));
    double auth = refused("tcp", "auth_failed");
    double unknownTitles = refused("tcp", "unknown_system_title");
    double mismatches = refused("tcp", "serial_mismatch");

    try (Socket attacker = new Socket("127.0.0.1", hes.tcpPort())) {
      attacker.getOutputStream().write(framed(altered));
      attacker.getOutputStream().write(framed(unknown));
      attacker.getOutputStream().write(framed(otherMeter));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  refused("tcp", "auth_failed") == auth + 1
                      && refused("tcp", "unknown_system_title") == unknownTitles + 1
                      && refused("tcp", "serial_mismatch") == mismatches + 1);
    }
    assertThat(readingsOf(TCP_METER)).isEqualTo(stored);
    assertThat(count("SELECT count(*) FROM readings WHERE value >= 99000000")).isZero();
  }

  @Test
  @Order(4)
  void aPlainPushFromAMeterThatMustCipherIsRefused() throws Exception {
    ApiClient.Answer keys = api.get(OPERATOR, "/api/meters/" + TCP_METER + "/keys");
    assertThat(keys.json().get("systemTitle").asText()).isEqualTo("55524A0000000001");
    assertThat(keys.json().get("pushesCiphered").asBoolean()).isTrue();
    assertThat(keys.json().get("versions").get(0).get("systemTitle").asText())
        .isEqualTo("55524A0000000001");
    long stored = readingsOf(TCP_METER);
    double plain = refused("tcp", "plain_refused");
    try (Socket impostor = new Socket("127.0.0.1", hes.tcpPort())) {
      impostor
          .getOutputStream()
          .write(framed(push(TCP_METER, Instant.now().minusSeconds(30), 88_000_000).encode()));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> refused("tcp", "plain_refused") == plain + 1);
    }
    assertThat(readingsOf(TCP_METER)).isEqualTo(stored);
    assertThat(hes.sessions().find(TCP_METER)).isEmpty();
  }

  @Test
  @Order(5)
  void anImpostorCannotDisplaceASessionTheMeterProvedWithItsCipheredPushes() throws Exception {
    // the operator lets this meter push in the clear: now only the identity rule stands in the way
    assertThat(
            api.put(
                    OPERATOR,
                    "/api/meters/" + TCP_METER + "/keys/push-ciphering",
                    "{\"required\":false}")
                .status())
        .isEqualTo(200);
    tcpFleet =
        new TcpFleet(
                oneMeter("CPT", 21L),
                MeterModelCatalog.bundled().defaultModel(),
                "127.0.0.1",
                hes.tcpPort(),
                1,
                m -> new CosemServerHandler(m, ServerSettings.open()))
            .pushEncoding(sealer)
            .start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> hes.sessions().find(TCP_METER).map(MeterSession::authenticated).orElse(false));
    String real =
        hes.sessions().find(TCP_METER).map(s -> String.valueOf(s.remoteAddress())).orElseThrow();
    double refusedBefore = rejectedConnections("authenticated_incumbent");

    for (int i = 0; i < 3; i++) {
      try (Socket impostor = new Socket("127.0.0.1", hes.tcpPort())) {
        impostor
            .getOutputStream()
            .write(framed(push(TCP_METER, Instant.now().minusSeconds(10), 77_000_000).encode()));
        assertThat(closedByPeer(impostor)).isTrue();
      }
      assertThat(hes.sessions().find(TCP_METER).map(s -> String.valueOf(s.remoteAddress())))
          .hasValue(real);
    }
    assertThat(rejectedConnections("authenticated_incumbent") - refusedBefore).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM readings WHERE value >= 77000000")).isZero();
    long charged = charges();
    await().atMost(Duration.ofSeconds(30)).until(() -> charges() > charged);
  }

  @Test
  @Order(6)
  void aCipheredPushOverMqttIsOpenedStoredAndAReplayOfItIsRefused() throws Exception {
    AtomicReference<byte[]> lastPublished = new AtomicReference<>();
    mqttFleet =
        new MqttFleet(
                oneMeter("CPM", 22L), MeterModelCatalog.bundled().defaultModel(), broker.uri(), 1)
            .pushEncoding(
                (serial, n) -> {
                  byte[] apdu = sealer.encode(serial, n);
                  lastPublished.set(apdu);
                  return apdu;
                })
            .start();
    await().atMost(Duration.ofSeconds(30)).until(() -> readingsOf(MQTT_METER) >= 14);
    mqttFleet.close();
    mqttFleet = null;
    // the fleet's last messages are committed (a loaded node is still storing them after the
    // fleet closes): two polls half a second apart see the same count
    java.util.concurrent.atomic.AtomicLong previous =
        new java.util.concurrent.atomic.AtomicLong(-1);
    await()
        .pollInterval(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(20))
        .until(() -> previous.getAndSet(readingsOf(MQTT_METER)) == readingsOf(MQTT_METER));
    long stored = readingsOf(MQTT_METER);
    double replays = refused("mqtt", "replay");
    double mismatches = refused("mqtt", "serial_mismatch");

    var client =
        new org.eclipse.paho.client.mqttv3.MqttClient(
            broker.uri(),
            "cph-attacker",
            new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
    try {
      client.connect();
      client.publish("meters/" + MQTT_METER + "/data", lastPublished.get(), 1, false);
      // the meter's own, fresh, ciphered push published on another meter's topic
      client.publish(
          "meters/" + TCP_METER + "/data",
          sealer.encode(MQTT_METER, push(MQTT_METER, Instant.now().minusSeconds(5), 66_000_000)),
          1,
          false);
      client.disconnect();
    } finally {
      client.close();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                refused("mqtt", "replay") == replays + 1
                    && refused("mqtt", "serial_mismatch") == mismatches + 1);
    assertThat(readingsOf(MQTT_METER)).isEqualTo(stored);
    assertThat(count("SELECT count(*) FROM readings WHERE value >= 66000000")).isZero();
  }

  @Test
  @Order(7)
  void aConnectionThatProvesItselfTakesTheSessionFromAnUnprovenOneAtOnce() throws Exception {
    tcpFleet.close();
    tcpFleet = null;
    await().atMost(Duration.ofSeconds(10)).until(() -> hes.sessions().find(TCP_METER).isEmpty());
    double takeovers = rejectedConnections("identity_takeover");
    try (Socket unproven = new Socket("127.0.0.1", hes.tcpPort());
        Socket proven = new Socket("127.0.0.1", hes.tcpPort())) {
      // pushes may be plain for this meter now (order 5): the unproven connection gets the free
      // session
      unproven
          .getOutputStream()
          .write(framed(alert(TCP_METER, Instant.now().minusSeconds(20), 101).encode()));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  hes.sessions()
                      .find(TCP_METER)
                      .map(
                          s ->
                              !s.authenticated()
                                  && String.valueOf(s.remoteAddress())
                                      .endsWith(":" + unproven.getLocalPort()))
                      .orElse(false));

      proven
          .getOutputStream()
          .write(
              framed(
                  sealer.encode(TCP_METER, alert(TCP_METER, Instant.now().minusSeconds(10), 102))));

      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  hes.sessions()
                      .find(TCP_METER)
                      .map(
                          s ->
                              s.authenticated()
                                  && String.valueOf(s.remoteAddress())
                                      .endsWith(":" + proven.getLocalPort()))
                      .orElse(false));
      assertThat(closedByPeer(unproven)).isTrue();
      assertThat(rejectedConnections("identity_takeover")).isEqualTo(takeovers + 1);
    }
  }
}
