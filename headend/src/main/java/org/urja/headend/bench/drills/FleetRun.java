package org.urja.headend.bench.drills;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.urja.headend.bench.SimulatorProcess;

/**
 * A simulated fleet in its own JVM ({@code urja simulate}), bounded to a number of capture periods
 * so that it stops pushing by itself. What it was acknowledged for is read from the statistics
 * lines it prints: the drill learns about the fleet only as the head-end does, over the wire.
 */
final class FleetRun {
  /** What a fleet counted by the end of its run. */
  record Counts(long tcpPushes, long tcpAccepted, long mqttPublished, long mqttAcked) {
    static final Counts NONE = new Counts(0, 0, 0, 0);

    Counts plus(Counts o) {
      return new Counts(
          tcpPushes + o.tcpPushes,
          tcpAccepted + o.tcpAccepted,
          mqttPublished + o.mqttPublished,
          mqttAcked + o.mqttAcked);
    }
  }

  /**
   * One fleet process's plan.
   *
   * @param onWallTime the meters' clocks run on wall time (the head-end's clock): a capture period
   *     of {@code every}, starting now, so that their block load covers the run and the head-end
   *     can read back what it missed; otherwise 15-minute periods from {@code daysBack} days back,
   *     one per {@code every}
   */
  record Plan(
      int tcpMeters,
      int mqttMeters,
      int gateways,
      Duration every,
      long intervals,
      int daysBack,
      long seed,
      boolean onWallTime) {
    Duration length() {
      return every.multipliedBy(intervals);
    }
  }

  private static final Pattern STATS =
      Pattern.compile(
          "^(TcpFleet|MqttFleet)(#\\d+)?: connected=(\\d+) pushes=(\\d+) events=\\d+ finished=(\\d+) accepted=(\\d+)");

  private final Plan plan;
  private final Path log;
  private final Process process;

  private FleetRun(Plan plan, Path log, Process process) {
    this.plan = plan;
    this.log = log;
    this.process = process;
  }

  static FleetRun start(Plan plan, int hesTcpPort, String mqttUri, Path log, String heap)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--hes",
                "127.0.0.1:" + hesTcpPort,
                "--meters",
                String.valueOf(plan.tcpMeters()),
                "--mqtt-meters",
                String.valueOf(plan.mqttMeters()),
                "--gateways",
                String.valueOf(plan.gateways()),
                "--interval-every",
                plan.every().toString(),
                "--intervals",
                String.valueOf(plan.intervals()),
                "--days-back",
                String.valueOf(plan.onWallTime() ? 0 : plan.daysBack()),
                "--seed",
                String.valueOf(plan.seed())));
    // One make, the bundled default, in every drill: the drills count a TCP push as the default
    // layout's readings (DrillContext.readingsPerPush), and the simulator's second make pushes one
    // value fewer, so a mixed fleet read as lost what its meters never sent (15,000 "lost" in
    // db-outage-60s, session 5). Its pushes also fit the layout the head-end knows, so a restarted
    // node stores them at once; with the second make the node must first learn each meter's push
    // layout over its connection, which the storm bench and the layout-learning tests cover.
    args.addAll(List.of("--makes", "urja-sim-1ph"));
    if (plan.onWallTime()) {
      args.addAll(List.of("--capture-period", plan.every().toString()));
    }
    if (mqttUri != null) {
      args.addAll(List.of("--mqtt", mqttUri));
    }
    return new FleetRun(plan, log, SimulatorProcess.start(args, heap, log));
  }

  /**
   * Waits until every meter has pushed all its intervals and the acknowledged counts have stopped
   * moving (MQTT PUBACKs and TCP writes complete after the last push), then stops the fleet.
   */
  Counts finish(Duration patience) throws IOException, InterruptedException {
    Counts result = awaitDone(patience);
    stop();
    return result;
  }

  /** As {@link #finish}, but leaves the fleet running (its meters connected). */
  Counts awaitDone(Duration patience) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + plan.length().plus(patience).toNanos();
    Counts last = null;
    int steady = 0;
    while (System.nanoTime() < deadline && process.isAlive()) {
      TimeUnit.SECONDS.sleep(5);
      Counts now = counts();
      boolean allFinished =
          finished(true) >= plan.tcpMeters() && finished(false) >= plan.mqttMeters();
      steady = allFinished && now.equals(last) ? steady + 1 : 0;
      last = now;
      boolean allAcked =
          now.tcpAccepted() == now.tcpPushes() && now.mqttAcked() == now.mqttPublished();
      // Paho's automatic reconnect backs off to 16 s and more: give a gateway that lost its broker
      // time to return
      if (allFinished && (allAcked || steady >= 6)) {
        break;
      }
    }
    return counts();
  }

  /** SIGKILL: the feeder loses power; the meters' connections drop without a goodbye. */
  void powerCut() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** The latest statistics the fleet printed (every 5 s). */
  Counts counts() throws IOException {
    return countsIn(log);
  }

  /** The latest statistics in a fleet's log, summed over its fleets. */
  static Counts countsIn(Path log) throws IOException {
    long[] tcp = latest(log, "TcpFleet");
    long[] mqtt = latest(log, "MqttFleet");
    return new Counts(tcp[1], tcp[3], mqtt[1], mqtt[3]);
  }

  private long finished(boolean tcp) throws IOException {
    return latest(log, tcp ? "TcpFleet" : "MqttFleet")[2];
  }

  /**
   * connected, pushes, finished, accepted of the last line printed for each fleet of a kind, summed
   * (zeros before any): the TCP meters are one fleet per make, each with its own line.
   */
  private static long[] latest(Path log, String kind) throws IOException {
    Map<String, long[]> byFleet = new HashMap<>();
    for (String line : Files.readString(log, StandardCharsets.ISO_8859_1).split("\n")) {
      Matcher m = STATS.matcher(line);
      if (m.find() && m.group(1).equals(kind)) {
        byFleet.put(
            String.valueOf(m.group(2)),
            new long[] {
              Long.parseLong(m.group(3)),
              Long.parseLong(m.group(4)),
              Long.parseLong(m.group(5)),
              Long.parseLong(m.group(6))
            });
      }
    }
    long[] sum = new long[4];
    for (long[] f : byFleet.values()) {
      for (int i = 0; i < 4; i++) {
        sum[i] += f[i];
      }
    }
    return sum;
  }
}
