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
import org.urja.ledger.relay.RelayAction;
import org.urja.ledger.relay.RelayCommand;
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
 * opening, then, once the probe's last deductions are charged, post a recharge through the payment
 * gateway endpoint that pays the debt plus ~10 s of the probe's consumption ({@link ProbePlan}),
 * and time from the request to the relay closing. So each round disconnects and reconnects every
 * probe.
 */
final class RelayLatency {
  /**
   * Both latencies, in milliseconds, one sample per meter per round; how long the reading that took
   * a probe's balance below zero took from its receipt ({@code received_at}) to being charged (the
   * ingest store's and the charging feed's backlogs, which the disconnect latency does not
   * include); what each round saw; and the probes' relay commands that needed more than one
   * attempt.
   */
  record Result(
      Percentiles disconnect,
      Percentiles reconnect,
      Percentiles chargeLag,
      List<RelayRound> rounds,
      CommandAttempts commands) {

    /** Switches not seen within the round timeout, over all rounds. */
    int notSeen() {
      return rounds.stream().mapToInt(RelayRound::notSeen).sum();
    }
  }

  static final Duration ROUND_TIMEOUT = Duration.ofMinutes(2);

  /** How long we wait, at most, for a disconnected probe's last deductions to be charged. */
  static final Duration SETTLE_AT_MOST = Duration.ofSeconds(30);

  /** How long after a recharge a probe still below zero is paid again. */
  private static final Duration TOP_UP_AFTER = Duration.ofSeconds(3);

  /** A balance unchanged this long after the relay opened is final: the register has stopped. */
  private static final Duration SETTLED_AFTER = Duration.ofSeconds(2);

  /** A probe's credit when its account opens: a few seconds of a household's use. */
  private static final long PROBE_CREDIT_PAISE = 2_000;

  /** How long the head-end may take to learn every probe's layout at first contact. */
  private static final Duration LEARN_AT_MOST = Duration.ofSeconds(90);

  private final HeadEnd hes;
  private final BenchAccounts accounts;
  private final String gatewayToken;
  private final ProbePlan plan;
  private final HttpClient http = HttpClient.newHttpClient();

  /** Probes push as often as the fleet's meters ({@code pushEvery}): they are meters of it. */
  RelayLatency(HeadEnd hes, BenchAccounts accounts, String gatewayToken, Duration pushEvery) {
    this.hes = hes;
    this.accounts = accounts;
    this.gatewayToken = gatewayToken;
    this.plan = ProbePlan.standard().pushingEvery(pushEvery);
  }

  /**
   * Starts the probe fleet (its accounts must be open, with little credit) and times {@code rounds}
   * disconnect/reconnect cycles of every probe meter.
   */
  Result run(int meters, int rounds) throws Exception {
    if (rounds == 0 || meters == 0) {
      List<Double> none = List.of();
      return new Result(
          Percentiles.of(none),
          Percentiles.of(none),
          Percentiles.of(none),
          List.of(),
          new CommandAttempts(0, 0, 0));
    }
    try (TcpFleet fleet = startFleet(meters, rounds)) {
      awaitLayouts(fleet);
      System.out.printf("opening %,d prepaid accounts for the relay probes…%n", meters);
      accounts.open(
          fleet.meters().stream().map(SimulatedMeter::serial).toList(), PROBE_CREDIT_PAISE);
      return run(fleet, rounds, Instant.now());
    }
  }

  /**
   * The probes are new to the head-end, which asks each its layout at first contact; their accounts
   * open only once it has, so no relay command meets that question on the same connection (a
   * disconnect sent meanwhile got the question's association response and was refused, "the AARE
   * has no 8-byte responding-AP-title", or timed out). Until then their readings are stored, not
   * charged (no account).
   */
  private void awaitLayouts(TcpFleet fleet) throws Exception {
    long deadline = System.nanoTime() + LEARN_AT_MOST.toNanos();
    int learned = 0;
    while (System.nanoTime() < deadline) {
      learned = 0;
      for (SimulatedMeter m : fleet.meters()) {
        learned += hes.layouts().learned(m.serial()).isEmpty() ? 0 : 1;
      }
      if (learned == fleet.meters().size()) {
        break;
      }
      Thread.sleep(500);
    }
    System.out.printf(
        "%d of %d probe layouts learned at first contact%n", learned, fleet.meters().size());
  }

  /**
   * An in-process fleet whose meters push as often as the fleet's (15 simulated minutes a push),
   * meter time starting far enough back to stay behind the wall clock through every round: IS 15959
   * meters whose keys are imported first, so every relay command runs over HLS-GMAC with suite-0
   * ciphering.
   */
  private TcpFleet startFleet(int meters, int rounds) throws java.sql.SQLException {
    Instant simStart =
        SimClock.alignedStart(
            Instant.now(), plan.capturePeriod(), plan.backIntervals(rounds, ROUND_TIMEOUT));
    FleetConfig cfg =
        new FleetConfig(
            meters, 0, "RLY", 11L, simStart, plan.capturePeriod(), plan.realPeriod(), 0, 4, 200);
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

  /** When a relay was seen switched, and the meter's energy register then. */
  private record Seen(long atMillis, long importWh) {}

  private Result run(TcpFleet fleet, int rounds, Instant fleetStarted) throws Exception {
    List<Double> off = new ArrayList<>();
    List<Double> on = new ArrayList<>();
    List<Double> lag = new ArrayList<>();
    List<RelayRound> tally = new ArrayList<>();
    // where each probe's next crossing below zero is looked for from: its last payment, so a late
    // deduction charged while it was still disconnected (balance below zero, before the recharge)
    // is not taken for the next round's crossing (it was: one 35 s "disconnection" in a quiet run)
    Map<SimulatedMeter, Instant> since = new HashMap<>();
    // where each probe's consumption is measured from: its last reconnection (or the start)
    Map<SimulatedMeter, Seen> supplied = new HashMap<>();
    for (SimulatedMeter m : fleet.meters()) {
      supplied.put(m, new Seen(System.currentTimeMillis(), fleet.onMeter(m, m::importWh)));
    }
    for (int round = 0; round < rounds; round++) {
      // a probe whose relay did not close last round cannot be disconnected in this one: it was
      // counted as not seen closing, and is due again once its relay has closed
      List<SimulatedMeter> due = new ArrayList<>();
      for (SimulatedMeter m : fleet.meters()) {
        if (fleet.onMeter(m, () -> m.relay().outputState())) {
          due.add(m);
        }
      }
      Map<SimulatedMeter, Seen> opened = awaitRelays(fleet, due, false, seen -> {});
      for (Map.Entry<SimulatedMeter, Seen> e : opened.entrySet()) {
        Crossing crossed =
            crossedZeroAt(
                BenchAccounts.accountOf(e.getKey().serial()),
                since.getOrDefault(e.getKey(), fleetStarted));
        if (crossed != null) {
          off.add((e.getValue().atMillis() - crossed.charged().toEpochMilli()) * 1.0);
          System.out.println(disconnection(e.getKey().serial(), round, crossed, e.getValue()));
          if (crossed.stored() != null) {
            lag.add((crossed.charged().toEpochMilli() - crossed.stored().toEpochMilli()) * 1.0);
          }
        }
      }
      Map<SimulatedMeter, Long> owed = settledDebts(opened.keySet());
      Map<SimulatedMeter, Long> requested = new HashMap<>();
      Map<SimulatedMeter, Long> answered = new HashMap<>();
      for (SimulatedMeter m : opened.keySet()) {
        Seen from = supplied.get(m);
        Seen to = opened.get(m);
        long paise =
            plan.rechargePaise(
                owed.get(m),
                to.importWh() - from.importWh(),
                (to.atMillis() - from.atMillis()) / 1000.0,
                BenchAccounts.PAISE_PER_KWH);
        requested.put(m, System.currentTimeMillis());
        recharge(BenchAccounts.accountOf(m.serial()), paise, "R" + round + "-" + m.serial());
        answered.put(m, System.currentTimeMillis());
      }
      java.util.Set<SimulatedMeter> toppedUp = new java.util.HashSet<>();
      Map<SimulatedMeter, Seen> closed =
          awaitReconnections(fleet, opened.keySet(), requested, toppedUp, round);
      int thisRound = round;
      closed.forEach(
          (m, seen) -> {
            on.add((seen.atMillis() - requested.get(m)) * 1.0);
            System.out.println(
                reconnection(m.serial(), thisRound, requested.get(m), answered.get(m), seen));
            supplied.put(m, seen);
            since.put(m, Instant.ofEpochMilli(requested.get(m)));
          });
      RelayRound r = new RelayRound(due.size(), opened.size(), closed.size(), toppedUp.size());
      tally.add(r);
      System.out.printf("relay round %d/%d: %s%n", round + 1, rounds, r);
    }
    return new Result(
        Percentiles.of(off),
        Percentiles.of(on),
        Percentiles.of(lag),
        tally,
        CommandAttempts.of(
            fleet.meters().stream()
                .flatMap(m -> hes.prepaid().relayQueue().history(m.serial()).stream())
                .toList()));
  }

  /**
   * What each disconnected probe owes once its last deductions are charged: with the relay open its
   * register stands still, so its balance stops moving when the charging feed has caught up with
   * its readings. Recharging before then would pay too little, and the late deductions would take
   * the balance below zero again before the relay could close.
   */
  private Map<SimulatedMeter, Long> settledDebts(java.util.Set<SimulatedMeter> probes)
      throws InterruptedException {
    Map<SimulatedMeter, Long> balance = new HashMap<>();
    Map<SimulatedMeter, Long> changedAt = new HashMap<>();
    long deadline = System.currentTimeMillis() + SETTLE_AT_MOST.toMillis();
    while (true) {
      long now = System.currentTimeMillis();
      boolean settled = true;
      for (SimulatedMeter m : probes) {
        long b = hes.prepaid().queries().balancePaise(BenchAccounts.accountOf(m.serial()));
        Long before = balance.put(m, b);
        if (before == null || before != b) {
          changedAt.put(m, now);
        }
        settled &= now - changedAt.get(m) >= SETTLED_AFTER.toMillis();
      }
      if (settled || now >= deadline) {
        Map<SimulatedMeter, Long> owed = new HashMap<>();
        balance.forEach((m, b) -> owed.put(m, Math.max(0, -b)));
        return owed;
      }
      Thread.sleep(250);
    }
  }

  /**
   * When each recharged probe was first seen with its relay closed, within the round timeout. A
   * probe still below zero {@link #TOP_UP_AFTER} after its payment (a deduction charged after its
   * debt was read) is paid what it still owes plus the plan's minimum, as a consumer would, and its
   * reconnection is timed from that payment ({@code requested} is updated).
   */
  private Map<SimulatedMeter, Seen> awaitReconnections(
      TcpFleet fleet,
      java.util.Collection<SimulatedMeter> meters,
      Map<SimulatedMeter, Long> requested,
      java.util.Set<SimulatedMeter> toppedUp,
      int round)
      throws Exception {
    long[] nextCheck = {System.currentTimeMillis() + TOP_UP_AFTER.toMillis()};
    int[] payments = {0};
    return awaitRelays(
        fleet,
        meters,
        true,
        seen -> {
          if (System.currentTimeMillis() < nextCheck[0]) {
            return;
          }
          for (SimulatedMeter m : meters) {
            String account = BenchAccounts.accountOf(m.serial());
            long balance = seen.containsKey(m) ? 0 : hes.prepaid().queries().balancePaise(account);
            if (balance < 0) {
              requested.put(m, System.currentTimeMillis());
              recharge(
                  account,
                  -balance + plan.minimumPaise(),
                  "R" + round + "-" + m.serial() + "-again-" + ++payments[0]);
              toppedUp.add(m);
            }
          }
          nextCheck[0] = System.currentTimeMillis() + TOP_UP_AFTER.toMillis();
        });
  }

  /** What a wait for relays does between its looks at them. */
  @FunctionalInterface
  private interface Meanwhile {
    void tick(Map<SimulatedMeter, Seen> seenSoFar) throws Exception;
  }

  /**
   * When each of {@code meters} switched its relay to {@code connected} (or not), within the round
   * timeout: the meter's own time of the switch, not when this loop looked. The loop looks only
   * once every recharge of a round is posted, one after another, so the first probes recharged
   * would otherwise be timed with every later payment's time added (up to 2 s at PT1S in session 8,
   * when the switch itself had been recorded within 0.3 s).
   */
  private static Map<SimulatedMeter, Seen> awaitRelays(
      TcpFleet fleet,
      java.util.Collection<SimulatedMeter> meters,
      boolean connected,
      Meanwhile meanwhile)
      throws Exception {
    Map<SimulatedMeter, Seen> seen = new HashMap<>();
    long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
    while (seen.size() < meters.size() && System.nanoTime() < deadline) {
      for (SimulatedMeter m : meters) {
        if (!seen.containsKey(m) && fleet.onMeter(m, () -> m.relay().outputState()) == connected) {
          long switched = fleet.onMeter(m, () -> m.relay().outputChangedAtMillis());
          seen.put(
              m,
              new Seen(
                  switched > 0 ? switched : System.currentTimeMillis(),
                  fleet.onMeter(m, m::importWh)));
        }
      }
      meanwhile.tick(seen);
      Thread.sleep(10);
    }
    return seen;
  }

  /**
   * Where one disconnection's time went, from the deduction that went below zero: the relay policy
   * deciding (command created), the meter's answer recorded (the outcome; the dispatcher records
   * "sent" with it), and the bench seeing the relay open. Printed per probe, since a p99 of 40 says
   * which probe was slow but not where.
   */
  private String disconnection(String serial, int round, Crossing crossed, Seen seen) {
    long t0 = crossed.charged().toEpochMilli();
    RelayCommand cmd = firstCommand(serial, RelayAction.DISCONNECT, t0);
    return String.format(
        "  %s round %d: below zero charged → command created %s, outcome recorded %s, relay seen"
            + " open +%,d ms%s",
        serial,
        round + 1,
        cmd == null ? "?" : since(t0, cmd.createdAt()),
        cmd == null ? "?" : since(t0, cmd.completedAt()),
        seen.atMillis() - t0,
        cmd == null ? "" : " (" + cmd.attempts() + " attempt(s))");
  }

  /**
   * Where one reconnection's time went, from the recharge posted: the payment API's answer (the
   * reconnect is queued in the payment's transaction), the meter's answer recorded, the relay seen
   * closed.
   */
  private String reconnection(String serial, int round, long t0, Long answeredAt, Seen seen) {
    RelayCommand cmd = firstCommand(serial, RelayAction.RECONNECT, t0);
    return String.format(
        "  %s round %d: recharge posted → payment answered %s, command created %s, outcome"
            + " recorded %s, relay seen closed +%,d ms",
        serial,
        round + 1,
        answeredAt == null ? "?" : String.format("+%,d ms", answeredAt - t0),
        cmd == null ? "?" : since(t0, cmd.createdAt()),
        cmd == null ? "?" : since(t0, cmd.completedAt()),
        seen.atMillis() - t0);
  }

  /** The meter's first {@code action} command created from a second before {@code t0} on. */
  private RelayCommand firstCommand(String serial, RelayAction action, long t0) {
    return hes.prepaid().relayQueue().history(serial).stream()
        .filter(c -> c.action() == action)
        .filter(c -> c.createdAt().toEpochMilli() >= t0 - 1_000)
        .min(java.util.Comparator.comparing(RelayCommand::createdAt))
        .orElse(null);
  }

  private static String since(long t0, Instant t) {
    return t == null ? "–" : String.format("+%,d ms", t.toEpochMilli() - t0);
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
