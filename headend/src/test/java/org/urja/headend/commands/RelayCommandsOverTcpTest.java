package org.urja.headend.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.demo.FleetKeys;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.reading.Reading;
import org.urja.protocol.client.RequestAbandonedException;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.TcpFleet;
import org.urja.simulator.meter.SimulatedMeter;
import org.urja.simulator.security.StrictMeters;

/**
 * Relay commands travel as DLMS ACTIONs over the connection the meter opened to push, and the
 * head-end learns the outcome by reading the Disconnect control object back.
 */
class RelayCommandsOverTcpTest extends PostgresTestSupport {
  HeadEnd hes;
  TcpFleet directMode;
  TcpFleet buttonMode;
  TcpFleet slowReads;
  Instant start;

  @BeforeAll
  void start() throws Exception {
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("store.unknown.meters", "AUTO_REGISTER")
            .with("ingest.clock.tolerance", "P365D")
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("keys.master.generate", "true");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    var model = MeterModelCatalog.bundled().defaultModel();
    start = Instant.parse("2026-11-21T18:30:00Z");
    // IS 15959 meters with their keys imported: every switch goes over HLS-GMAC utility settings
    // (48)
    FleetConfig direct =
        new FleetConfig(
            3, 0, "RLY", 9L, start, Duration.ofMinutes(15), Duration.ofMillis(200), 0, 4, 1000);
    FleetConfig button =
        new FleetConfig(
            1, 0, "BTN", 9L, start, Duration.ofMinutes(15), Duration.ofMillis(200), 0, 1, 1000);
    // a meter slow to answer GETs, as a real one is while it assembles a profile
    FleetConfig slow =
        new FleetConfig(
            1, 0, "SLW", 9L, start, Duration.ofMinutes(15), Duration.ofMillis(200), 0, 4, 1000);
    FleetKeys.importFleets(hes.meterKeys(), List.of(direct, button, slow), null, "test");
    slowReads =
        new TcpFleet(
                slow,
                model,
                "127.0.0.1",
                hes.tcpPort(),
                1,
                m ->
                    new ChannelInitializer<Channel>() {
                      @Override
                      protected void initChannel(Channel ch) {
                        ch.pipeline()
                            .addLast(
                                new SlowGetAnswers(), StrictMeters.of(slow.seed()).handlerFor(m));
                      }
                    })
            .pushEncoding(StrictMeters.cipheredPushes(slow.seed()))
            .start();
    directMode =
        new TcpFleet(
                direct, model, "127.0.0.1", hes.tcpPort(), 1, StrictMeters.handlers(direct.seed()))
            .pushEncoding(StrictMeters.cipheredPushes(direct.seed()))
            .start();
    buttonMode =
        new TcpFleet(
                button, model, "127.0.0.1", hes.tcpPort(), 1, StrictMeters.handlers(button.seed()))
            .pushEncoding(StrictMeters.cipheredPushes(button.seed()))
            .start();
    // every meter a test below talks to: JUnit's method order is not the order they are written in
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                List.of("RLY00000000", "RLY00000001", "RLY00000002", "SLW00000000", "BTN00000000")
                    .stream()
                    .allMatch(s -> hes.sessions().find(s).isPresent()));
  }

  @AfterAll
  void stop() {
    directMode.close();
    buttonMode.close();
    slowReads.close();
    hes.close();
  }

  RelayState run(String serial, MeterCommand<RelayState> cmd) throws Exception {
    return hes.commands().run(serial, cmd).get(15, TimeUnit.SECONDS);
  }

  @Test
  void aDisconnectOpensTheSimulatedRelayAndItsConsumptionStops() throws Exception {
    SimulatedMeter meter = directMode.meter("RLY00000000").orElseThrow();

    RelayState after = run("RLY00000000", RelaySwitch.disconnect());
    assertThat(after.disconnected()).isTrue();
    assertThat(directMode.onMeter(meter, () -> meter.relay().outputState())).isFalse();

    long energyAtDisconnect = directMode.onMeter(meter, meter::importWh);
    long intervalAtDisconnect = directMode.onMeter(meter, meter::interval);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> directMode.onMeter(meter, meter::interval) > intervalAtDisconnect + 3);
    assertThat(directMode.onMeter(meter, meter::importWh)).isEqualTo(energyAtDisconnect);

    RelayState back = run("RLY00000000", RelaySwitch.reconnect());
    assertThat(back.connected()).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> directMode.onMeter(meter, meter::importWh) > energyAtDisconnect);
  }

  @Test
  void aReconnectInControlMode1WaitsForTheConsumersButton() throws Exception {
    assertThat(run("BTN00000000", RelaySwitch.disconnect()).disconnected()).isTrue();
    RelayState state = run("BTN00000000", RelaySwitch.reconnect());
    assertThat(state.awaitingConsumer()).isTrue();
    assertThat(state.outputState()).isFalse();
  }

  @Test
  void severalCommandsShareOneAssociationPerConnection() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(run("RLY00000001", new ReadRelayState()).controlMode()).isEqualTo(4);
    }
  }

  @Test
  void aReadNowReturnsTheMetersRegistersAtItsClockAndItsRelay() throws Exception {
    SimulatedMeter meter = directMode.meter("RLY00000002").orElseThrow();
    ReadNow.Result r =
        hes.commands()
            .run(
                "RLY00000002",
                new ReadNow("RLY00000002", MeterModelCatalog.bundled().defaultModel()))
            .get(15, TimeUnit.SECONDS);
    assertThat(r.relay().connected()).isTrue();
    assertThat(r.readings()).hasSize(6);
    long wh =
        r.readings().stream()
            .filter(x -> x.obis().toString().equals("1.0.1.8.0.255"))
            .findFirst()
            .orElseThrow()
            .value()
            .longValueExact();
    long now = directMode.onMeter(meter, meter::importWh);
    assertThat(wh).isPositive().isLessThanOrEqualTo(now);
    assertThat(r.readings()).allSatisfy(x -> assertThat(x.timestamp()).isEqualTo(r.meterTime()));
  }

  @Test
  void aRelayCommandDoesNotWaitBehindAProfileReadOnTheSameConnection() throws Exception {
    String serial = "SLW00000000";
    // the connection's association is a reading one, idle
    assertThat(run(serial, new ReadRelayState()).connected()).isTrue();

    // a profile read is three requests (columns, capture period, buffer in blocks), each answered
    // after 300 ms; the disconnect comes while the first is on the wire
    CompletableFuture<List<Reading>> read =
        hes.commands()
            .run(
                serial,
                ReadProfile.blockLoad(
                    serial, start, Instant.now(), MeterModelCatalog.bundled().defaultModel()));
    RelayState off = run(serial, RelaySwitch.disconnect());

    assertThat(off.disconnected()).isTrue();
    assertThatThrownBy(() -> read.get(15, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(RequestAbandonedException.class);
    // the command's association stays for the next command, and serves reads too
    assertThat(run(serial, new ReadRelayState()).disconnected()).isTrue();
    assertThat(run(serial, RelaySwitch.reconnect()).connected()).isTrue();
  }

  @Test
  void aMeterThatIsNotConnectedIsReportedUnreachable() {
    assertThatThrownBy(
            () -> hes.commands().run("NOPE0001", new ReadRelayState()).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(MeterUnreachableException.class);
  }

  /** Holds the meter's GET answers (plain or glo-) back 300 ms each. */
  static final class SlowGetAnswers extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof WrapperFrame f
          && f.apduUnsafe().length > 0
          && ((f.apduUnsafe()[0] & 0xFF) == 0xC4 || (f.apduUnsafe()[0] & 0xFF) == 0xCC)) {
        ctx.executor().schedule(() -> ctx.writeAndFlush(msg, promise), 300, TimeUnit.MILLISECONDS);
        return;
      }
      ctx.write(msg, promise);
    }
  }
}
