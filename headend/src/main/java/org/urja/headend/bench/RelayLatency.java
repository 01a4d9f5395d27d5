package org.urja.headend.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.demo.FleetKeys;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.TcpFleet;
import org.urja.simulator.meter.SimClock;
import org.urja.simulator.meter.SimulatedMeter;
import org.urja.simulator.security.StrictMeters;

/**
 * Relay latencies seen by the meter: an in-process fleet of prepaid meters (so their relays can be
 * watched) consumes fast, in simulated time, until its credit runs out; we time from the commit of
 * the deduction that took the balance below zero ({@code ledger_entries.recorded_at}) to the relay
 * opening, then post a recharge through the payment gateway endpoint and time from the request to
 * the relay closing. Each round disconnects and reconnects every probe meter.
 */
final class RelayLatency {
  /**
   * Both latencies, in milliseconds, one sample per meter per round; and how long the reading that
   * took a probe's balance below zero took from its receipt ({@code received_at}) to being charged:
   * the ingest store's and the charging feed's backlogs, which the disconnect latency does not
   * include.
   */
  record Result(
      Percentiles disconnect, Percentiles reconnect, Percentiles chargeLag, int timeouts) {}

  private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(2);
  private static final long TOP_UP_PAISE = 2_000; // a few seconds of simulated consumption

  private final HeadEnd hes;
  private final String gatewayToken;
  private final HttpClient http = HttpClient.newHttpClient();

  RelayLatency(HeadEnd hes, String gatewayToken) {
    this.hes = hes;
    this.gatewayToken = gatewayToken;
  }

  /**
   * Starts the probe fleet (its accounts must be open, with little credit) and times {@code rounds}
   * disconnect/reconnect cycles of every probe meter.
   */
  Result run(int meters, int rounds) throws Exception {
    Instant since = Instant.now();
    try (TcpFleet fleet = startFleet(meters)) {
      return run(fleet, rounds, since);
    }
  }

  /**
   * An in-process fleet whose meters push every 200 ms (15 simulated minutes): IS 15959 meters
   * whose keys are imported first, so every relay command runs over HLS-GMAC with suite-0
   * ciphering.
   */
  private TcpFleet startFleet(int meters) throws java.sql.SQLException {
    Instant simStart = SimClock.alignedStart(Instant.now(), Duration.ofMinutes(15), 96);
    FleetConfig cfg =
        new FleetConfig(
            meters,
            0,
            "RLY",
            11L,
            simStart,
            Duration.ofMinutes(15),
            Duration.ofMillis(200),
            0,
            4,
            200);
    FleetKeys.importFleets(hes.meterKeys(), List.of(cfg), null, "bench");
    return new TcpFleet(
            cfg,
            MeterModelCatalog.bundled().defaultModel(),
            "127.0.0.1",
            hes.tcpPort(),
            1,
            StrictMeters.handlers(cfg.seed()))
        .pushEncoding(StrictMeters.cipheredPushes(cfg.seed()))
        .start();
  }

  private Result run(TcpFleet fleet, int rounds, Instant fleetStarted) throws Exception {
    List<Double> off = new ArrayList<>();
    List<Double> on = new ArrayList<>();
    List<Double> lag = new ArrayList<>();
    int timeouts = 0;
    Instant since = fleetStarted;
    for (int round = 0; round < rounds; round++) {
      Map<SimulatedMeter, Long> opened = awaitRelays(fleet, false);
      timeouts += fleet.meters().size() - opened.size();
      for (Map.Entry<SimulatedMeter, Long> e : opened.entrySet()) {
        Crossing crossed = crossedZeroAt(BenchAccounts.accountOf(e.getKey().serial()), since);
        if (crossed != null) {
          off.add((e.getValue() - crossed.charged().toEpochMilli()) * 1.0);
          if (crossed.stored() != null) {
            lag.add((crossed.charged().toEpochMilli() - crossed.stored().toEpochMilli()) * 1.0);
          }
        }
      }
      since = Instant.now();
      Map<SimulatedMeter, Long> requested = new HashMap<>();
      for (SimulatedMeter m : fleet.meters()) {
        String account = BenchAccounts.accountOf(m.serial());
        long owed = Math.max(0, -hes.prepaid().queries().balancePaise(account));
        requested.put(m, System.currentTimeMillis());
        recharge(account, owed + TOP_UP_PAISE, "R" + round + "-" + m.serial());
      }
      Map<SimulatedMeter, Long> closed = awaitRelays(fleet, true);
      timeouts += fleet.meters().size() - closed.size();
      closed.forEach((m, at) -> on.add((at - requested.get(m)) * 1.0));
      System.out.printf(
          "relay round %d/%d: %d opened, %d closed%n",
          round + 1, rounds, opened.size(), closed.size());
    }
    return new Result(Percentiles.of(off), Percentiles.of(on), Percentiles.of(lag), timeouts);
  }

  /** Wall-clock millis at which each meter's relay was first seen in {@code connected} state. */
  private static Map<SimulatedMeter, Long> awaitRelays(TcpFleet fleet, boolean connected)
      throws Exception {
    Map<SimulatedMeter, Long> seen = new HashMap<>();
    long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
    while (seen.size() < fleet.meters().size() && System.nanoTime() < deadline) {
      for (SimulatedMeter m : fleet.meters()) {
        if (!seen.containsKey(m) && fleet.onMeter(m, () -> m.relay().outputState()) == connected) {
          seen.put(m, System.currentTimeMillis());
        }
      }
      Thread.sleep(10);
    }
    return seen;
  }

  /** When the deduction that went below zero was committed, and its reading received (or null). */
  private record Crossing(Instant charged, Instant stored) {}

  private Crossing crossedZeroAt(String account, Instant since) throws SQLException {
    try (Connection c = hes.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select j.recorded_at, (select r.received_at from ingest_api.readings r "
                    + "join ingest_api.meters m on m.id = r.meter_id where m.serial = j.meter_serial "
                    + "and r.obis = '1.0.1.8.0.255' and r.ts = j.occurred_at) "
                    + "from ledger_api.journal j where j.account_id = ? and j.balance_after_paise < 0"
                    + " and j.amount_paise < 0 and j.recorded_at >= ? order by j.recorded_at limit 1")) {
      ps.setString(1, account);
      ps.setTimestamp(2, Timestamp.from(since));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Timestamp stored = rs.getTimestamp(2);
        return new Crossing(
            rs.getTimestamp(1).toInstant(), stored == null ? null : stored.toInstant());
      }
    }
  }

  private void recharge(String account, long paise, String reference) throws Exception {
    String body =
        "{\"accountId\":\""
            + account
            + "\",\"amountPaise\":"
            + paise
            + ",\"gatewayReference\":\""
            + reference
            + "\",\"channel\":\"UPI\"}";
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + hes.httpPort() + "/api/payments"))
                .header("Authorization", "Bearer " + gatewayToken)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException(
          "recharge of " + account + " refused: " + r.statusCode() + " " + r.body());
    }
  }
}
