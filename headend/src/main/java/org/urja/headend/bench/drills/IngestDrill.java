package org.urja.headend.bench.drills;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.urja.protocol.mqtt.MeterTopics;

/**
 * The choreography every fault drill but the reconnect storm shares: a fresh database, head-end
 * nodes as separate processes, a bounded simulated fleet, the fault in the middle of the run, then,
 * once the fleet has pushed everything and the nodes have gone quiet, the count.
 */
final class IngestDrill implements Drill {
  /**
   * Injects the fault once ingest is running, and answers when it ended ({@link
   * System#nanoTime()}).
   */
  interface Fault {
    long inject(Stage stage) throws Exception;
  }

  /**
   * What a drill runs.
   *
   * @param tcp TCP meters push
   * @param mqtt MQTT meters publish
   * @param accounts every meter has a prepaid account, so readings are charged
   * @param nodes head-end nodes at the start
   * @param shared nodes subscribe through the shared subscription {@code $share/urja/…} with this
   *     MQTT session expiry; null: each node subscribes to the plain topics
   * @param payments a gateway posts this many payments through the API during the run
   * @param faultLength how long the fault lasts, for the length of the fleet's run
   * @param backfill the TCP meters' clocks run on the head-end's and their block load's capture
   *     period is their push interval, the nodes back-fill soon after meters (re)connect ({@link
   *     #BACKFILL_AFTER_CONNECT}), and the drill counts energy intervals captured against stored
   */
  record Setup(
      boolean tcp,
      boolean mqtt,
      boolean accounts,
      int nodes,
      Duration shared,
      int payments,
      Duration faultLength,
      boolean backfill) {}

  /** The running drill, as a fault sees it. */
  static final class Stage {
    final DrillContext ctx;
    final String dbUrl;
    final String drill;
    final List<HeadEndNode> nodes;
    final IngestTimeline timeline;
    final String topics;
    final Duration sessionExpiry;

    Stage(
        DrillContext ctx,
        String dbUrl,
        String drill,
        List<HeadEndNode> nodes,
        IngestTimeline timeline,
        String topics,
        Duration sessionExpiry) {
      this.ctx = ctx;
      this.dbUrl = dbUrl;
      this.drill = drill;
      this.nodes = nodes;
      this.timeline = timeline;
      this.topics = topics;
      this.sessionExpiry = sessionExpiry;
    }

    /**
     * The drill counts no earlier than this ({@link System#nanoTime()}): a fault may need time to
     * settle.
     */
    long countNotBefore = System.nanoTime();

    /** Starts one more node (a new client id: a machine that was not there before). */
    HeadEndNode join() throws Exception {
      HeadEndNode n = node(ctx, dbUrl, drill, nodes.size() + 1, topics, sessionExpiry, null);
      n.start();
      nodes.add(n);
      timeline.add(n);
      return n;
    }

    void pause(Duration d) throws InterruptedException {
      TimeUnit.MILLISECONDS.sleep(d.toMillis());
    }
  }

  static final String PLAIN_TOPICS = String.join(",", MeterTopics.INGEST_FILTERS);
  private static final String SHARED_TOPICS =
      String.join(",", MeterTopics.INGEST_FILTERS.stream().map(f -> "$share/urja/" + f).toList());

  /**
   * The nodes' MQTT session expiry in the shared-subscription drills: the production default
   * ({@code PT1H}, docs/MQTT.md). A node that leaves for good is adopted by a live one long before
   * (after {@code mqtt.adopt.after}, {@link #ADOPT_AFTER}); the retire procedure relies on the
   * session outliving the node's one restart.
   */
  static final Duration SHARED_SESSION_EXPIRY = Duration.ofHours(1);

  /** The head-end's default {@code mqtt.adopt.after}: when a departed node's session is adopted. */
  static final Duration ADOPT_AFTER = Duration.ofSeconds(15);

  /**
   * How long after a meter (re)connected a node back-fills it, in the drills that count intervals:
   * several of the meters' 2-second pushes, and short enough that a meter whose reconnect back-off
   * grew to 30 s during the restart is still back-filled within the run (production: {@code PT1M}).
   */
  static final Duration BACKFILL_AFTER_CONNECT = Duration.ofSeconds(10);

  private final String name;
  private final String fault;
  private final Setup setup;
  private final Fault inject;

  IngestDrill(String name, String fault, Setup setup, Fault inject) {
    this.name = name;
    this.fault = fault;
    this.setup = setup;
    this.inject = inject;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DrillResult run(DrillContext ctx) throws Exception {
    DrillOptions o = ctx.options();
    int tcpMeters = setup.tcp() ? o.tcpMeters() : 0;
    int mqttMeters = setup.mqtt() ? o.mqttMeters() : 0;
    String url = ctx.freshDatabase(name);
    List<String> accounts = List.of();
    if (setup.accounts()) {
      List<String> serials = new ArrayList<>(serials("SIM", tcpMeters));
      serials.addAll(serials("MQT", mqttMeters));
      say("opening %,d prepaid accounts", serials.size());
      DrillAccounts.open(url, serials);
      accounts = serials.stream().map(DrillAccounts::accountOf).toList();
    }
    String topics = setup.shared() != null ? SHARED_TOPICS : PLAIN_TOPICS;
    List<HeadEndNode> nodes = new ArrayList<>();
    for (int i = 1; i <= setup.nodes(); i++) {
      HeadEndNode n =
          node(ctx, url, name, i, topics, setup.shared(), setup.backfill() ? o.every() : null);
      say("starting %s", n.name());
      n.start();
      nodes.add(n);
    }
    long intervals =
        o.before().plus(setup.faultLength()).plus(o.after()).toMillis() / o.every().toMillis();
    FleetRun.Plan plan =
        new FleetRun.Plan(
            tcpMeters, mqttMeters, o.gateways(), o.every(), intervals, 30, 42, setup.backfill());
    int perPush = DrillContext.readingsPerPush();
    double offered = (tcpMeters + mqttMeters) * perPush / (o.every().toMillis() / 1000.0);
    try (IngestTimeline timeline = new IngestTimeline(nodes);
        PaymentGateway gateway =
            new PaymentGateway(nodes.get(0)::httpPort, ctx.gatewayToken(), 8)) {
      Stage stage = new Stage(ctx, url, name, nodes, timeline, topics, setup.shared());
      say(
          "fleet: %,d TCP + %,d MQTT meters, %d pushes each, one every %s (%,.0f readings/s offered)",
          tcpMeters, mqttMeters, intervals, o.every(), offered);
      FleetRun fleet =
          FleetRun.start(
              plan,
              nodes.get(0).tcpPort(),
              setup.mqtt() ? ctx.broker().uri() : null,
              ctx.workDir().resolve(name + "-fleet.log"),
              o.simulatorHeap());
      if (setup.payments() > 0) {
        say("gateway: %,d payments through POST /api/payments over the run", setup.payments());
        gateway.post(
            name,
            accounts,
            setup.payments(),
            10_000,
            plan.length().minusSeconds(10),
            Duration.ofMinutes(5));
      }
      stage.pause(o.before());
      say("fault: %s", fault);
      long faultEnd = inject.inject(stage);
      say("fault over; the fleet pushes on");
      // where the nodes back-fill, the meters stay connected until the restarted node has had its
      // turn to read them (a real meter does not go away after its last push)
      FleetRun.Counts counts =
          setup.backfill()
              ? fleet.awaitDone(Duration.ofMinutes(2))
              : fleet.finish(Duration.ofMinutes(2));
      gateway.awaitAll(Duration.ofMinutes(6));
      say("fleet done (%s); waiting for the head-end to drain", counts);
      timeline.awaitQuiet(Duration.ofSeconds(10), Duration.ofMinutes(10));
      if (setup.backfill()) {
        say("waiting for the back-fill of the meters that reconnected");
        stage.pause(BACKFILL_AFTER_CONNECT.plusSeconds(10));
        timeline.awaitQuiet(Duration.ofSeconds(10), Duration.ofMinutes(10));
        fleet.stop();
      }
      long wait = stage.countNotBefore - System.nanoTime();
      if (wait > 0) {
        say(
            "waiting %d s more before counting (the fault's sessions expire)",
            TimeUnit.NANOSECONDS.toSeconds(wait) + 1);
        TimeUnit.NANOSECONDS.sleep(wait);
        timeline.awaitQuiet(Duration.ofSeconds(10), Duration.ofMinutes(10));
      }
      String adoption = setup.shared() != null ? adoptionNote(nodes) : "";
      OptionalDouble recovery = timeline.recoverySeconds(faultEnd, offered);
      Census census = new Census(url);
      Census.Stored tcpStored = census.readings("SIM");
      Census.Stored mqttStored = census.readings("MQT");
      Optional<Census.Ledger> ledger =
          setup.accounts() ? Optional.of(census.ledger()) : Optional.empty();
      // every push carries the interval's energy registers, and the meter keeps them in its block
      // load: the intervals the meters captured are the pushes they made
      Optional<DrillResult.Intervals> energy =
          setup.backfill()
              ? Optional.of(census.energyIntervals("SIM", counts.tcpPushes()))
              : Optional.empty();
      Optional<Census.Payments> payments =
          setup.payments() > 0
              ? Optional.of(census.payments(gateway.acknowledged()))
              : Optional.empty();
      String notes =
          String.format(
              Locale.ROOT,
              "TCP pushes made %,d, written %,d; MQTT data messages published %,d, "
                  + "PUBACKed %,d%s%s",
              counts.tcpPushes(),
              counts.tcpAccepted(),
              counts.mqttPublished(),
              counts.mqttAcked(),
              adoption,
              setup.payments() > 0
                  ? String.format(
                      Locale.ROOT,
                      "; gateway retries %,d, rejected %,d, never acknowledged %,d",
                      gateway.retries(),
                      gateway.rejected(),
                      gateway.unanswered())
                  : "");
      return new DrillResult(
          name,
          fault,
          counts.tcpAccepted() * perPush,
          tcpStored.readings(),
          counts.mqttAcked(),
          mqttStored.pushes(),
          perPush,
          ledger,
          payments,
          recovery,
          energy,
          notes);
    } finally {
      for (HeadEndNode n : nodes) {
        n.stop();
      }
      ctx.broker().forgetSessions(nodes.stream().flatMap(n -> n.clientIds().stream()).toList());
    }
  }

  /**
   * @param expiry the node's MQTT session expiry; null: the head-end's default
   * @param capturePeriod the meters' block load period when they run on the head-end's clock, and
   *     the node back-fills {@link #BACKFILL_AFTER_CONNECT} after it starts; null: the defaults
   */
  static HeadEndNode node(
      DrillContext ctx,
      String dbUrl,
      String drill,
      int index,
      String topics,
      Duration expiry,
      Duration capturePeriod)
      throws Exception {
    String id = "urja-" + drill + "-" + index;
    java.util.Map<String, String> settings = ctx.nodeSettings(dbUrl, id, topics, expiry);
    if (capturePeriod != null) {
      settings.put("reads.capture.period", capturePeriod.toString());
      settings.put("reads.backfill.after.connect", BACKFILL_AFTER_CONNECT.toString());
      // gaps are looked for within the run only: at a 2-second period two days are 86,400
      // intervals a meter
      settings.put("reads.lookback", "PT10M");
    }
    return new HeadEndNode(drill + "-node-" + index, ctx.workDir(), settings);
  }

  /**
   * What the live nodes' MQTT ingest adopted from departed ones (docs/MQTT.md, "Adopting a departed
   * node's session"), from their {@code /metrics}.
   */
  private String adoptionNote(List<HeadEndNode> nodes) {
    double sessions = 0;
    double messages = 0;
    for (HeadEndNode n : nodes) {
      Optional<String> m = n.metrics();
      if (m.isPresent()) {
        sessions +=
            HeadEndNode.sample(m.get(), "urja_ingest_mqtt_sessions_adopted_total").orElse(0);
        messages +=
            HeadEndNode.sample(m.get(), "urja_ingest_mqtt_adoption_messages_total").orElse(0);
      }
    }
    say(
        "live nodes adopted %.0f departed session(s), draining %,.0f message(s)",
        sessions, messages);
    return String.format(
        Locale.ROOT,
        "; sessions adopted %,.0f, messages they held stored by the adopter %,.0f",
        sessions,
        messages);
  }

  static List<String> serials(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> prefix + String.format("%08d", i)).toList();
  }

  private void say(String format, Object... args) {
    System.out.printf("[%s] %s%n", name, String.format(Locale.ROOT, format, args));
  }
}
