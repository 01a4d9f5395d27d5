package org.urja.headend.bench.drills;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every drill by name, in the order {@code --all} runs them. */
public final class DrillCatalog {
  private static final Duration BROKER_DOWN = Duration.ofSeconds(10);
  private static final Duration KILLED_FOR = Duration.ofSeconds(2);
  private static final Duration ALONE_FOR = Duration.ofSeconds(20);

  /** What a retired node subscribes to: a filter no gateway publishes to (docs/MQTT.md). */
  private static final String RETIRED_TOPICS = "meters/+/retired";

  private DrillCatalog() {}

  public static List<String> names() {
    return List.copyOf(drills(2_000).keySet());
  }

  static Map<String, Drill> drills(int payments) {
    Map<String, Drill> all = new LinkedHashMap<>();
    add(all, databaseOutage("db-outage-60s", Duration.ofSeconds(60)));
    add(
        all,
        new IngestDrill(
            "broker-restart",
            "Mosquitto stopped (SIGTERM) and started again after " + BROKER_DOWN,
            new IngestDrill.Setup(false, true, false, 1, null, 0, BROKER_DOWN, false),
            stage -> {
              stage.ctx.broker().stop();
              stage.pause(BROKER_DOWN);
              stage.ctx.broker().start();
              return System.nanoTime();
            }));
    add(
        all,
        killed(
            "kill-ingest",
            "kill -9 of the head-end during TCP and MQTT ingest",
            new IngestDrill.Setup(true, true, false, 1, null, 0, KILLED_FOR, true)));
    add(
        all,
        killed(
            "kill-charging",
            "kill -9 of the head-end while it charges every reading",
            new IngestDrill.Setup(true, false, true, 1, null, 0, KILLED_FOR, true)));
    add(
        all,
        killed(
            "kill-payments",
            "kill -9 of the head-end while a gateway posts payments (and readings are charged)",
            new IngestDrill.Setup(true, false, true, 1, null, payments, KILLED_FOR, true)));
    add(
        all,
        new IngestDrill(
            "shared-subscription",
            "two nodes on $share/urja/… (session expiry "
                + IngestDrill.SHARED_SESSION_EXPIRY
                + "); node 2 leaves for good, node 1 adopts its session, "
                + ALONE_FOR
                + " later node 3 joins",
            new IngestDrill.Setup(
                false, true, false, 2, IngestDrill.SHARED_SESSION_EXPIRY, 0, ALONE_FOR, false),
            stage -> {
              stage.nodes.get(1).stop();
              // node 2 left for good: its session lives for an hour; count no earlier than a live
              // node has had time to adopt it (mqtt.adopt.after) and drain what it held
              stage.countNotBefore =
                  System.nanoTime() + IngestDrill.ADOPT_AFTER.plusSeconds(30).toNanos();
              stage.pause(ALONE_FOR);
              long joined = System.nanoTime();
              stage.join();
              return joined;
            }));
    add(
        all,
        new IngestDrill(
            "shared-subscription-killed",
            "two nodes on $share/urja/… (session expiry "
                + IngestDrill.SHARED_SESSION_EXPIRY
                + "); kill -9 of node 2, which never returns; node 1 adopts its session, "
                + ALONE_FOR
                + " later node 3 joins",
            new IngestDrill.Setup(
                false, true, false, 2, IngestDrill.SHARED_SESSION_EXPIRY, 0, ALONE_FOR, false),
            stage -> {
              // no clean stop: what node 2 had received and not yet acknowledged stays in its
              // session as in flight, and the broker sends it again to the adopter
              stage.nodes.get(1).kill9();
              stage.countNotBefore =
                  System.nanoTime() + IngestDrill.ADOPT_AFTER.plusSeconds(30).toNanos();
              stage.pause(ALONE_FOR);
              long joined = System.nanoTime();
              stage.join();
              return joined;
            }));
    add(
        all,
        new IngestDrill(
            "shared-subscription-retired",
            "two nodes on $share/urja/…; node 2 is retired as "
                + "docs/MQTT.md says (restarted once with mqtt.topics="
                + RETIRED_TOPICS
                + ", then stopped for good), "
                + ALONE_FOR
                + " later node 3 joins",
            new IngestDrill.Setup(
                false, true, false, 2, IngestDrill.SHARED_SESSION_EXPIRY, 0, ALONE_FOR, false),
            stage -> {
              HeadEndNode leaving = stage.nodes.get(1);
              leaving.stop();
              stage.timeline.restarted(leaving);
              // the operator's retire procedure: one more start with a filter no gateway publishes
              // to;
              // on connect the node leaves the share and stores what its session held meanwhile
              leaving.reconfigure("mqtt.topics", RETIRED_TOPICS);
              leaving.start();
              double drained = leaving.awaitQuiet(Duration.ofSeconds(5), Duration.ofMinutes(2));
              System.out.printf(
                  "[shared-subscription-retired] node 2 stored %,.0f readings its session held; stopped for good%n",
                  drained);
              leaving.stop();
              stage.pause(ALONE_FOR);
              long joined = System.nanoTime();
              stage.join();
              return joined;
            }));
    add(all, new ReconnectStorm());
    add(all, databaseOutage("db-outage-10m", Duration.ofMinutes(10)));
    return all;
  }

  private static void add(Map<String, Drill> all, Drill d) {
    all.put(d.name(), d);
  }

  private static Drill databaseOutage(String name, Duration down) {
    return new IngestDrill(
        name,
        "PostgreSQL stopped (pg_ctl stop -m fast) for " + down + " during TCP and MQTT ingest",
        new IngestDrill.Setup(true, true, false, 1, null, 0, down, false),
        stage -> {
          stage.ctx.postgres().stop();
          stage.pause(down);
          stage.ctx.postgres().start();
          return System.nanoTime();
        });
  }

  private static Drill killed(String name, String fault, IngestDrill.Setup setup) {
    return new IngestDrill(
        name,
        fault,
        setup,
        stage -> {
          HeadEndNode n = stage.nodes.get(0);
          // the simulated meters push in the first half of every period and are quiet in the
          // second: a
          // kill at a fixed time may fall in the quiet half, after everything was committed, and
          // show
          // no loss by luck. Kill while TCP pushes arrive, as they always do from a real fleet.
          n.awaitTcpPushes(Duration.ofSeconds(10));
          n.kill9();
          stage.timeline.restarted(n);
          stage.pause(setup.faultLength());
          long restarting = System.nanoTime();
          n.start();
          return restarting;
        });
  }
}
