package org.urja.headend.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.api.ApiClient;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.demo.FleetKeys;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.session.MeterSession;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.TcpFleet;
import org.urja.simulator.meter.SimClock;
import org.urja.simulator.security.StrictMeters;

/**
 * A meter whose pushes are plain proves who it is when the head-end opens its HLS-GMAC association:
 * only the meter holding its HLS secret answers the challenge, so from then on its session is
 * authenticated, as if it had sent a ciphered push.
 */
class HlsAssociationProvesIdentityTest extends PostgresTestSupport {
  static final String OPERATOR = "ops-hls-proof";
  static final String SERIAL = "HLP00000000";
  HeadEnd hes;
  TcpFleet fleet;

  @BeforeAll
  void start() throws Exception {
    hes =
        HeadEnd.start(
            UrjaConfig.defaults()
                .with("tcp.port", "0")
                .with("http.port", "0")
                .with("tcp.bind", "127.0.0.1")
                .with("api.operator.tokens", OPERATOR)
                .with("store.unknown.meters", "AUTO_REGISTER")
                .with("ingest.clock.tolerance", "P365D")
                .with("keys.master.generate", "true")
                .with("relay.poll.every", "PT0.2S"),
            databaseConfig(),
            Optional.empty());
    Instant simStart = SimClock.alignedStart(Instant.now(), Duration.ofMinutes(15), 96);
    FleetConfig fc =
        new FleetConfig(
            1, 0, "HLP", 21L, simStart, Duration.ofMinutes(15), Duration.ofMillis(300), 0, 4, 100);
    FleetKeys.importFleets(hes.meterKeys(), List.of(fc), null, "test");
    // an operator lets this meter push in the clear (its pushes are not configured for ciphering)
    assertThat(hes.meterKeys().systemTitles().requireCipheredPushes(SERIAL, false)).isTrue();
    fleet =
        new TcpFleet(
                fc,
                MeterModelCatalog.bundled().defaultModel(),
                "127.0.0.1",
                hes.tcpPort(),
                1,
                StrictMeters.handlers(fc.seed()))
            .start();
  }

  @AfterAll
  void stop() {
    if (fleet != null) {
      fleet.close();
    }
    hes.close();
  }

  @Test
  void theSessionOfAMeterThatAnsweredTheHlsChallengeIsAuthenticated() throws Exception {
    // its first push registered it (committed by the writer) and gave it a session on this
    // connection
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                hes.sessions().find(SERIAL).isPresent()
                    && queryLong("SELECT count(*) FROM meters WHERE serial = '" + SERIAL + "'")
                        == 1);
    assertThat(hes.sessions().find(SERIAL).map(MeterSession::authenticated)).hasValue(false);

    ApiClient api = new ApiClient(hes.httpPort());
    ApiClient.Answer queued =
        api.post(
            OPERATOR,
            "/api/commands",
            "{\"meterSerial\":\"" + SERIAL + "\",\"action\":\"disconnect\",\"reason\":\"test\"}");
    assertThat(queued.status()).isEqualTo(202);
    long id = queued.json().path("id").asLong();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "confirmed"
                    .equals(
                        api.get(OPERATOR, "/api/commands/" + id).json().path("status").asText()));

    assertThat(hes.sessions().find(SERIAL).map(MeterSession::authenticated)).hasValue(true);
  }
}
