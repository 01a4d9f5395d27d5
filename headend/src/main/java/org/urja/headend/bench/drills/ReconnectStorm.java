package org.urja.headend.bench.drills;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * A feeder outage and its restoration: a fleet of thousands of TCP meters loses power at once (its
 * JVM is killed, so every connection drops), and when power returns all of them dial in again
 * within seconds (the simulator's ramp of 2,000 connections a second) and push. Meter time moves on
 * across the outage, so the second run's readings are new ones.
 */
final class ReconnectStorm implements Drill {
  static final String NAME = "reconnect-storm";
  private static final Duration EVERY = Duration.ofSeconds(10);
  private static final Duration OUTAGE = Duration.ofSeconds(10);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public DrillResult run(DrillContext ctx) throws Exception {
    int meters = ctx.options().stormMeters();
    String url = ctx.freshDatabase(NAME);
    HeadEndNode node = IngestDrill.node(ctx, url, NAME, 1, IngestDrill.PLAIN_TOPICS, null, null);
    say("starting %s", node.name());
    node.start();
    int perPush = DrillContext.readingsPerPush();
    double offered = meters * perPush / (double) EVERY.toSeconds();
    try (IngestTimeline timeline = new IngestTimeline(List.of(node))) {
      say("%,d TCP meters connect and push 4 times, one push every %s", meters, EVERY);
      FleetRun before =
          FleetRun.start(
              new FleetRun.Plan(meters, 0, 1, EVERY, 4, 30, 42, false),
              node.tcpPort(),
              null,
              ctx.workDir().resolve(NAME + "-fleet-before.log"),
              ctx.options().simulatorHeap());
      FleetRun.Counts first = before.awaitDone(Duration.ofMinutes(2));
      say("feeder outage: all %,d meters lose power for %s", meters, OUTAGE);
      before.powerCut();
      TimeUnit.MILLISECONDS.sleep(OUTAGE.toMillis());
      long restored = System.nanoTime();
      say("power restored: %,d meters dial in again", meters);
      // the same meters after the outage: ten days later in meter time, their registers where they
      // were or higher (a meter keeps its register through a power cut, and the head-end holds a
      // register that went backwards as suspect). The simulator starts each meter's register from
      // its seed (1,000,000 Wh + seed mod 9,000,000), so the second fleet gets the fleet seed one
      // higher: every meter's seed grows by 1,000,003 and its registers by as many Wh (no wrap
      // below
      // 1,999,870 meters: meter i starts at 7,000,129 + i Wh instead of 6,000,126 + i).
      FleetRun after =
          FleetRun.start(
              new FleetRun.Plan(meters, 0, 1, EVERY, 6, 20, 43, false),
              node.tcpPort(),
              null,
              ctx.workDir().resolve(NAME + "-fleet-after.log"),
              ctx.options().simulatorHeap());
      FleetRun.Counts second = after.finish(Duration.ofMinutes(2));
      timeline.awaitQuiet(Duration.ofSeconds(10), Duration.ofMinutes(5));
      FleetRun.Counts all = first.plus(second);
      OptionalDouble reconnected = timeline.secondsUntilConnected(restored, meters);
      Census.Stored stored = new Census(url).readings("SIM");
      String notes =
          String.format(
              Locale.ROOT,
              "%,d meters; all TCP connections back %s after power returned; "
                  + "TCP pushes made %,d, written %,d",
              meters,
              reconnected.isPresent()
                  ? String.format(Locale.ROOT, "%.0f s", reconnected.getAsDouble())
                  : "not within the run",
              all.tcpPushes(),
              all.tcpAccepted());
      return new DrillResult(
          NAME,
          String.format(
              Locale.ROOT, "%,d TCP meters lose power %s, then reconnect together", meters, OUTAGE),
          all.tcpAccepted() * perPush,
          stored.readings(),
          0,
          0,
          perPush,
          Optional.empty(),
          Optional.empty(),
          timeline.recoverySeconds(restored, offered),
          Optional.empty(),
          notes);
    } finally {
      node.stop();
      ctx.broker().forgetSessions(node.clientIds());
    }
  }

  private static void say(String format, Object... args) {
    System.out.printf("[%s] %s%n", NAME, String.format(Locale.ROOT, format, args));
  }
}
