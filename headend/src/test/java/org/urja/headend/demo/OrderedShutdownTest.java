package org.urja.headend.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.embedded.EmbeddedBroker;
import org.urja.headend.embedded.EmbeddedPostgresService;
import org.urja.simulator.fleet.Fleet;

/**
 * The demo's components stopped in the demo's order while meters are pushing: the fleet, the
 * head-end (listeners, writer drained, jobs, pool), the broker, and last the database. Nothing on
 * the way may log an error or a stack trace.
 */
class OrderedShutdownTest {
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void listen() {
    logged.start();
    root.addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    root.detachAppender(logged);
  }

  @Test
  void stoppingWhileMetersPushLogsNoErrorAndNoStackTrace() throws Exception {
    EmbeddedPostgresService pg = EmbeddedPostgresService.start(Optional.empty(), 0);
    EmbeddedBroker broker = EmbeddedBroker.start(0);
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("store.unknown.meters", "AUTO_REGISTER")
            .with("ingest.clock.tolerance", "P3650D")
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("prepaid.policy.every", "PT1S");
    HeadEnd hes = HeadEnd.start(cfg, pg.config(8), Optional.of(broker.uri()));
    FleetOptions options = new FleetOptions();
    options.tcpMeters = 30;
    options.mqttMeters = 10;
    options.gateways = 2;
    List<Fleet> fleets =
        FleetLauncher.start(
            options, hes.models().defaultModel(), "127.0.0.1", hes.tcpPort(), broker.uri());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                hes.registry()
                        .counter(
                            "urja.ingest.rows.written", "kind", "reading", "outcome", "inserted")
                        .count()
                    > 500);
    logged.list.clear();

    fleets.forEach(Fleet::close);
    hes.close();
    broker.close();
    pg.close();

    List<ILoggingEvent> errors =
        logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)).toList();
    List<ILoggingEvent> traces =
        logged.list.stream().filter(e -> e.getThrowableProxy() != null).toList();
    assertThat(errors).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    assertThat(traces).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
  }
}
