package org.urja.headend.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.api.ApiClient;
import org.urja.headend.api.ApiClient.Answer;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.demo.FleetKeys;
import org.urja.headend.prepaid.PrepaidEngine;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;
import org.urja.protocol.apdu.Conformance;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.security.AssociationSpec;
import org.urja.protocol.security.CipheredPushes;
import org.urja.protocol.server.ClientAccess;
import org.urja.protocol.server.ServerSettings;
import org.urja.protocol.server.StrictAssociations;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.TcpFleet;
import org.urja.simulator.meter.SimClock;
import org.urja.simulator.meter.SimulatedMeter;
import org.urja.simulator.push.PushEncoding;
import org.urja.simulator.security.KeyFileExport;
import org.urja.simulator.security.SimulatedKeys;
import org.urja.simulator.security.StrictMeters;

/**
 * Relay commands against meters that behave like real IS 15959 ones: the public client reads only,
 * ACTION goes over utility settings (48, HLS-GMAC, suite-0 ciphering) with the keys the operator
 * imported; a meter that refuses every ACTION, one whose link swallows requests, one whose
 * association never grants ACTION, and one whose keys were never imported. Everything runs on the
 * head-end's own dispatcher, policy job and API.
 */
class RelayCommandsOnRealMeterRulesTest extends PostgresTestSupport {
  static final String OPS = "ops-token-commands";
  static final int UTILITY_SETTINGS = 0x30;
  static final long SEED = 7L;

  HeadEnd hes;
  ApiClient api;
  final StrictMeters strict = new StrictMeters(SEED);
  final MeterAccessRules guarded = new MeterAccessRules(UTILITY_SETTINGS);
  // grants ACTION to no association at all: what a meter whose relay is locked by its maker answers
  final MeterAccessRules refusing = new MeterAccessRules(0x01);
  final MeterAccessRules slow = new MeterAccessRules(UTILITY_SETTINGS);
  final MeterAccessRules silent = new MeterAccessRules(UTILITY_SETTINGS);
  final MeterAccessRules noAction = new MeterAccessRules(UTILITY_SETTINGS);
  final MeterAccessRules keyless = new MeterAccessRules(UTILITY_SETTINGS);
  final List<TcpFleet> fleets = new java.util.ArrayList<>();

  @Override
  protected int poolSize() {
    return 10;
  }

  @BeforeAll
  void start() throws Exception {
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("store.unknown.meters", "AUTO_REGISTER")
            .with("ingest.clock.tolerance", "P365D")
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("prepaid.policy.every", "PT0.5S")
            .with("relay.poll.every", "PT0.2S")
            .with("keys.master.generate", "true")
            .with("dlms.response.timeout", "PT1S")
            .with("relay.backoff.first", "PT1S")
            .with("relay.backoff.max", "PT2S")
            .with("api.operator.tokens", OPS);
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    api = new ApiClient(hes.httpPort());
    PrepaidEngine p = hes.prepaid();
    // a utility that may disconnect at any hour, with no grace: the refusing meter's consumer is in
    // debt at once
    p.utilities().register("REALCO", "Real Meters Discom", UtilitySettings.disconnectingAtOnce());
    p.tariffs()
        .save(
            new Tariff(
                "REALCO",
                "LMV-1",
                LocalDate.parse("2020-01-01"),
                List.of(new Slab(null, new BigDecimal("800"))),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                List.of(),
                Rebate.none()));
    p.accounts()
        .open(
            new Account(
                "ACC-REF",
                "REALCO",
                "Meena Lal",
                "+919800000009",
                "en",
                PaymentMode.PREPAID,
                "LMV-1",
                new BigDecimal("2"),
                Instant.parse("2020-01-01T00:00:00Z")),
            "REF00000000");

    Instant simStart = SimClock.alignedStart(Instant.now(), Duration.ofMinutes(15), 96);
    fleets.add(fleet("GRD", simStart, guarded, strict::settings));
    fleets.add(fleet("REF", simStart, refusing, strict::settings));
    fleets.add(fleet("SLO", simStart, slow, strict::settings));
    fleets.add(fleet("SIL", simStart, silent, strict::settings));
    // a meter whose utility-settings association never includes ACTION in the negotiated
    // conformance
    fleets.add(fleet("NOA", simStart, noAction, RelayCommandsOnRealMeterRulesTest::withoutAction));
    // the operator imports the batch's key file, except for the meter whose file never arrived
    FleetKeys.importFile(
        hes.meterKeys(),
        KeyFileExport.csv(
            SEED,
            List.of("GRD00000000", "REF00000000", "SLO00000000", "SIL00000000", "NOA00000000")),
        null,
        "test");
    fleets.add(fleet("NOK", simStart, keyless, strict::settings));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                List.of(
                        "GRD00000000",
                        "REF00000000",
                        "SLO00000000",
                        "SIL00000000",
                        "NOA00000000",
                        "NOK00000000")
                    .stream()
                    .allMatch(s -> hes.sessions().find(s).isPresent()));
  }

  /** An IS 15959 meter whose utility-settings association may read and SET, but not ACTION. */
  private static ServerSettings withoutAction(String serial) {
    Map<Integer, ClientAccess> clients =
        Map.of(
            0x10,
            new ClientAccess(AssociationSpec.Authentication.NONE, false, ClientAccess.READ_ONLY),
            0x20,
            new ClientAccess(AssociationSpec.Authentication.LOW, false, ClientAccess.READ_ONLY),
            UTILITY_SETTINGS,
            new ClientAccess(
                AssociationSpec.Authentication.HIGH_GMAC,
                true,
                new Conformance(Conformance.SUPPORTED.bits() & ~Conformance.ACTION)));
    return ServerSettings.open()
        .strict(
            new StrictAssociations(
                SimulatedKeys.systemTitle(serial),
                SimulatedKeys.secrets(SEED, serial),
                clients,
                System.currentTimeMillis() / 1000));
  }

  /**
   * A meter whose keys the operator imported seals its pushes (a meter imported with a system title
   * must), drawing on the same frame counter as its association; the meter whose file never arrived
   * pushes in the clear.
   */
  private TcpFleet fleet(
      String prefix,
      Instant simStart,
      MeterAccessRules rules,
      Function<String, ServerSettings> settings) {
    Map<String, ServerSettings> perMeter = new java.util.concurrent.ConcurrentHashMap<>();
    Function<String, ServerSettings> meter = serial -> perMeter.computeIfAbsent(serial, settings);
    PushEncoding pushes =
        prefix.equals("NOK")
            ? PushEncoding.PLAIN
            : (serial, push) -> {
              StrictAssociations a = meter.apply(serial).strict().orElseThrow();
              return CipheredPushes.seal(
                  push, a.systemTitle(), a.nextFrameCounter(), SimulatedKeys.secrets(SEED, serial));
            };
    return new TcpFleet(
            new FleetConfig(
                1,
                0,
                prefix,
                SEED,
                simStart,
                Duration.ofMinutes(15),
                Duration.ofMillis(150),
                0,
                4,
                100),
            MeterModelCatalog.bundled().defaultModel(),
            "127.0.0.1",
            hes.tcpPort(),
            1,
            m -> rules.handlerFor(m, meter.apply(m.serial())))
        .pushEncoding(pushes)
        .start();
  }

  @AfterAll
  void stop() {
    fleets.forEach(TcpFleet::close);
    hes.close();
  }

  private TcpFleet fleetOf(String serial) {
    return fleets.stream().filter(f -> f.meter(serial).isPresent()).findFirst().orElseThrow();
  }

  private boolean relayClosed(String serial) throws Exception {
    TcpFleet f = fleetOf(serial);
    SimulatedMeter m = f.meter(serial).orElseThrow();
    return f.onMeter(m, () -> m.relay().outputState());
  }

  private Answer command(String serial, String action) throws Exception {
    return api.post(
        OPS,
        "/api/commands",
        "{\"meterSerial\":\"" + serial + "\",\"action\":\"" + action + "\",\"reason\":\"test\"}");
  }

  private Answer one(long id) throws Exception {
    return api.get(OPS, "/api/commands/" + id);
  }

  private String status(long id) throws Exception {
    return one(id).json().path("status").asText();
  }

  private long commandsOf(String serial) {
    return queryLong("select count(*) from relay_commands where meter_serial = '" + serial + "'");
  }

  private long alertsOf(String serial) {
    return queryLong(
        "select count(*) from relay_operator_alerts where meter_serial = '" + serial + "'");
  }

  @Test
  void aMeterRefusingActionToThePublicClientIsSwitchedOverItsHlsUtilitySettingsAssociation()
      throws Exception {
    // what the meter grants the public client, and what the head-end makes of it
    CommandRunner publicOnly =
        new CommandRunner(
            new MeterConnector(hes.sessions(), ClientSettings.publicClient()),
            new SimpleMeterRegistry());
    Throwable refusal =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                publicOnly.run("GRD00000000", RelaySwitch.disconnect()).get(10, TimeUnit.SECONDS));
    assertThat(refusal).isInstanceOf(ExecutionException.class);
    CommandFailure failure = CommandFailures.classify(refusal);
    assertThat(failure.kind()).isEqualTo(CommandFailure.Kind.PERMANENT);
    assertThat(failure.reason()).contains("(client 16) did not grant ACTION on this association");
    assertThat(guarded.actions.get())
        .as("not even sent: the public client's conformance has no ACTION")
        .isZero();
    assertThat(relayClosed("GRD00000000")).isTrue();

    long disconnect = command("GRD00000000", "disconnect").json().path("id").asLong();
    await().atMost(Duration.ofSeconds(20)).until(() -> status(disconnect).equals("confirmed"));
    assertThat(relayClosed("GRD00000000")).isFalse();
    long reconnect = command("GRD00000000", "connect").json().path("id").asLong();
    await().atMost(Duration.ofSeconds(20)).until(() -> status(reconnect).equals("confirmed"));
    assertThat(relayClosed("GRD00000000")).isTrue();

    assertThat(guarded.aarqsFrom(UTILITY_SETTINGS)).isPositive();
    assertThat(guarded.actions.get())
        .as("both switches, each one ciphered ACTION over utility settings")
        .isEqualTo(2);
    assertThat(guarded.refusedActions.get()).isZero();
    assertThat(one(disconnect).json().path("attempts").asInt()).isEqualTo(1);
  }

  @Test
  void aMeterThatRefusesForGoodEndsAsOneOperatorVisibleFailureNotALoop() throws Exception {
    // the consumer is in debt with no grace: the policy job queues the disconnect by itself
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                queryLong(
                        "select count(*) from relay_commands where "
                            + "meter_serial = 'REF00000000' and status = 'needs_operator'")
                    == 1);
    int managementAarqs = refusing.aarqsFrom(UTILITY_SETTINGS);
    // a dozen policy periods and dispatcher polls later, nothing more went to the meter
    await()
        .during(Duration.ofSeconds(6))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                commandsOf("REF00000000") == 1
                    && refusing.actions.get() == 1
                    && refusing.aarqsFrom(UTILITY_SETTINGS) == managementAarqs);
    assertThat(managementAarqs).isEqualTo(1);
    assertThat(alertsOf("REF00000000")).isEqualTo(1);

    Answer stopped = api.get(OPS, "/api/commands?status=needs_operator&meterSerial=REF00000000");
    assertThat(stopped.json().path("items")).hasSize(1);
    long id = stopped.json().path("items").get(0).path("id").asLong();
    assertThat(stopped.json().path("items").get(0).path("lastError").asText())
        .contains("service not granted on this association");
    assertThat(stopped.json().path("items").get(0).path("failureClass").asText())
        .isEqualTo("permanent");
    assertThat(api.get(OPS, "/api/dashboard/commands?state=needs_operator").json().path("items"))
        .anySatisfy(c -> assertThat(c.path("id").asLong()).isEqualTo(id));

    // the operator retries once (the meter still refuses: one more ACTION, one more alert), then
    // cancels
    Answer retried =
        api.post(OPS, "/api/commands/" + id + "/retry", "{\"reason\":\"keys checked\"}");
    assertThat(retried.status()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> refusing.actions.get() == 2 && status(id).equals("needs_operator"));
    assertThat(alertsOf("REF00000000")).isEqualTo(2);
    assertThat(one(id).json().path("operatorRetries").asInt()).isEqualTo(1);

    Answer cancelled =
        api.post(OPS, "/api/commands/" + id + "/cancel", "{\"reason\":\"meter to be replaced\"}");
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.json().path("status").asText()).isEqualTo("cancelled");
    assertThat(cancelled.json().path("operatorNote").asText()).contains("meter to be replaced");
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(6))
        .until(() -> commandsOf("REF00000000") == 1 && refusing.actions.get() == 2);
    assertThat(api.post(OPS, "/api/commands/" + id + "/cancel", "{\"reason\":\"again\"}").code())
        .isEqualTo("command_not_cancellable");
    assertThat(
            queryLong(
                "select count(*) from api_audit where status = 200 and detail like 'cancel command "
                    + id
                    + "%'"))
        .isEqualTo(1);
  }

  @Test
  void aReconnectSurvivesTwoTimeoutsAndIsConfirmedOnTheThirdTry() throws Exception {
    assertThat(
            hes.commands()
                .run("SLO00000000", RelaySwitch.disconnect())
                .get(10, TimeUnit.SECONDS)
                .disconnected())
        .isTrue();
    int before = slow.actions.get();
    slow.silentFor(2);

    long id = command("SLO00000000", "connect").json().path("id").asLong();
    await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("confirmed"));

    Answer done = one(id);
    assertThat(done.json().path("attempts").asInt()).isEqualTo(3);
    assertThat(done.json().path("lastError").asText()).contains("no response within");
    assertThat(slow.actions.get() - before).isEqualTo(3);
    assertThat(relayClosed("SLO00000000")).isTrue();
  }

  @Test
  void anOperatorCancelsAReconnectThatIsNeverConfirmed() throws Exception {
    silent.silentFor(Integer.MAX_VALUE);
    long id = command("SIL00000000", "connect").json().path("id").asLong();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> one(id).json().path("attempts").asInt() >= 2 && status(id).equals("created"));

    Answer cancelled =
        api.post(
            OPS, "/api/commands/" + id + "/cancel", "{\"reason\":\"meter unreachable on site\"}");
    assertThat(cancelled.status()).isEqualTo(200);
    int attempts = cancelled.json().path("attempts").asInt();
    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(8))
        .until(
            () ->
                status(id).equals("cancelled")
                    && one(id).json().path("attempts").asInt() == attempts);
    assertThat(api.post(OPS, "/api/commands/" + id + "/retry", "{\"reason\":\"again\"}").code())
        .isEqualTo("command_not_retryable");
  }

  @Test
  void anActionTheAssociationDoesNotGrantIsNeverSentAndTheCommandWaitsForAnOperator()
      throws Exception {
    long id = command("NOA00000000", "disconnect").json().path("id").asLong();
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("needs_operator"));

    assertThat(one(id).json().path("lastError").asText())
        .contains("(client " + UTILITY_SETTINGS + ") did not grant ACTION on this association");
    assertThat(noAction.actions.get()).isZero();
    assertThat(noAction.aarqsFrom(UTILITY_SETTINGS)).isEqualTo(1);
    assertThat(relayClosed("NOA00000000")).isTrue();
  }

  @Test
  void aCommandToAMeterWithoutImportedHlsKeysFailsForGoodWithTheReasonAndNothingIsSent()
      throws Exception {
    long id = command("NOK00000000", "disconnect").json().path("id").asLong();
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("needs_operator"));

    Answer stopped = one(id);
    assertThat(stopped.json().path("lastError").asText())
        .startsWith("no HLS keys imported for meter NOK00000000");
    assertThat(stopped.json().path("failureClass").asText()).isEqualTo("permanent");
    // a few dispatcher polls later: still one command, one alert, and the meter never saw an AARQ
    // from 48 or an ACTION
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> commandsOf("NOK00000000") == 1 && status(id).equals("needs_operator"));
    assertThat(alertsOf("NOK00000000")).isEqualTo(1);
    assertThat(keyless.aarqsFrom(UTILITY_SETTINGS)).isZero();
    assertThat(keyless.actions.get()).isZero();
    assertThat(relayClosed("NOK00000000")).isTrue();
  }
}
