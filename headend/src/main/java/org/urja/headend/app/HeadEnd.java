package org.urja.headend.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.api.ApiModule;
import org.urja.headend.api.deadletters.DeadLettersApi;
import org.urja.headend.commands.CommandRunner;
import org.urja.headend.commands.CommandPurpose;
import org.urja.headend.commands.ModelAssociationPolicy;
import org.urja.headend.commands.LearnLayout;
import org.urja.ingest.layout.LayoutLearning;
import org.urja.ingest.layout.MeterLayouts;
import org.urja.ingest.layout.PerMeterModels;
import org.urja.headend.commands.MeterConnector;
import org.urja.headend.commands.RelayCommandDispatcher;
import org.urja.headend.commands.mqtt.MqttRelayConfig;
import org.urja.headend.commands.mqtt.MqttRelayTransport;
import org.urja.headend.commands.RoutingRelayTransport;
import org.urja.headend.notify.MqttChannelSettings;
import org.urja.headend.notify.MqttNotificationChannel;
import org.urja.ledger.alerts.NotificationChannel;
import org.urja.ledger.alerts.SecretSeal;
import org.urja.ledger.db.Transactions;
import java.util.ArrayList;
import org.urja.headend.prepaid.PrepaidEngine;
import org.urja.headend.reads.ReadsModule;
import java.sql.SQLException;
import java.time.Clock;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.health.DatabaseProbe;
import org.urja.headend.health.GuardedScheduler;
import org.urja.headend.health.HealthChecks;
import org.urja.headend.health.HealthEndpoint;
import org.urja.headend.health.NodeHealth;
import org.urja.protocol.client.ClientAssociationHandler;
import org.urja.headend.http.HttpApi;
import org.urja.headend.http.HttpSettings;
import org.urja.ingest.db.Database;
import org.urja.ingest.deadletter.DeadLetters;
import org.urja.ingest.keys.KeyRotation;
import org.urja.ingest.keys.MasterKey;
import org.urja.ingest.keys.MeterKeyStore;
import org.urja.ingest.keys.ReservedInvocationCounter;
import org.urja.ingest.keys.StoredFrameCounterGuard;
import org.urja.ingest.push.PushSecurity;
import org.urja.ingest.db.DatabaseConfig;
import org.urja.ingest.db.HypertableCompression;
import org.urja.ingest.db.HypertableRetention;
import org.urja.ingest.db.Migrations;
import org.urja.ingest.db.PartitionMaintainer;
import org.urja.ingest.db.TimeSeriesLayout;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.mqtt.MqttIngest;
import org.urja.ingest.mqtt.BrokerSettings;
import org.urja.ingest.mqtt.MqttIngestConfig;
import org.urja.ingest.mqtt.MqttIngestState;
import org.urja.ingest.mqtt.MqttProtocol;
import org.urja.ingest.mqtt.TlsFiles;
import org.urja.ingest.push.MeterModelResolver;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.ReadingSink;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.session.SessionDirectory;
import org.urja.ingest.session.SessionHolders;
import org.urja.ingest.store.BatchWriter;
import org.urja.ingest.store.BatchWriterConfig;
import org.urja.ingest.store.MeterDirectory;
import org.urja.ingest.store.ReadingChecks;
import org.urja.ingest.store.UnknownMeterPolicy;
import org.urja.ingest.tcp.IdentityRules;
import org.urja.ingest.tcp.MeterTcpServer;
import org.urja.ingest.tcp.TcpIngestConfig;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.security.SystemTitles;

/**
 * One head-end node: owns the process's components, starts them in dependency order and stops
 * them in reverse. Stateless between nodes — every node may serve any meter and any account.
 */
public final class HeadEnd implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HeadEnd.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  // guarded: a task whose run throws keeps its schedule (a plain one would be cancelled silently)
  private final ScheduledExecutorService scheduler = new GuardedScheduler(4, "urja-scheduler", registry);
  private Database database;
  private MeterDirectory directory;
  private BatchWriter writer;
  private final MeterSessions sessions = new MeterSessions();
  private MeterTcpServer tcp;
  private MqttIngest mqtt;
  private HttpApi http;
  private IngestMetrics ingestMetrics;
  private MeterModelCatalog models;
  private MeterLayouts layouts;
  private PerMeterModels meterModels;
  private CommandRunner commands;
  private PrepaidEngine prepaid;
  private RelayCommandDispatcher relayDispatcher;
  private RelayLane relayLane;
  private String nodeId;
  private ApiModule api;
  private HealthChecks health;
  private MeterKeyStore meterKeys;
  private KeyRotation keyRotation;
  private ReservedInvocationCounter invocationCounter;
  private StoredFrameCounterGuard frameCounterGuard;
  private ReadsModule reads;
  private final Clock clock = Clock.systemUTC();

  private HeadEnd() {}

  /** Migrates the schema, then starts storage, listeners and the HTTP endpoint. */
  public static HeadEnd start(UrjaConfig cfg, DatabaseConfig db, Optional<String> mqttUri) throws Exception {
    HeadEnd h = new HeadEnd();
    try {
      h.startAll(cfg, db, mqttUri);
      return h;
    } catch (Exception e) {
      h.close();
      throw e;
    }
  }

  private void startAll(UrjaConfig cfg, DatabaseConfig db, Optional<String> mqttUri) throws Exception {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    ingestMetrics = new IngestMetrics(registry);

    database = new Database(db);
    started.push(database);
    migrate(database.dataSource(), cfg);
    try {
      HypertableRetention.reconcile(database.dataSource(), cfg.string("storage.retention"));
    } catch (SQLException e) {
      // never worth refusing to start over: the policy set at migration stays in force
      log.warn("could not bring TimescaleDB's retention policy to {}: {}", cfg.string("storage.retention"), e.toString());
    }
    try {
      HypertableCompression.reconcile(database.dataSource(), cfg.string("storage.compress.after"));
    } catch (SQLException e) {
      log.warn("could not bring TimescaleDB's compression policy to {}: {}", cfg.string("storage.compress.after"), e.toString());
    }
    PartitionMaintainer partitions = new PartitionMaintainer(
        database.dataSource(), cfg.integer("partitions.days.back"), cfg.integer("partitions.days.ahead"), clock)
        .withRetention(cfg.string("storage.retention"));
    partitions.ensurePartitions();
    // meters' DLMS keys: a node with stored keys and no (or the wrong) keys.master refuses to start
    meterKeys = new MeterKeyStore(database.dataSource(), MasterKey.configured(cfg.optional("keys.master"),
        Boolean.parseBoolean(cfg.string("keys.master.generate")), database.dataSource()));
    meterKeys.checkOnStart();
    keyRotation = new KeyRotation(database.dataSource(), meterKeys);
    invocationCounter = new ReservedInvocationCounter(database.dataSource(), cfg.integer("keys.invocation.block"));
    frameCounterGuard = new StoredFrameCounterGuard(database.dataSource(), registry);
    PushSecurity pushSecurity = new PushSecurity(meterKeys, frameCounterGuard);
    partitions.schedule(scheduler, Duration.ofHours(6));
    started.push(scheduler::shutdownNow);

    models = MeterModelCatalog.bundled();
    Optional<String> modelsDir = cfg.optional("meter.models.dir");
    if (modelsDir.isPresent()) {
      models.addDirectory(Path.of(modelsDir.get()));
    }
    layouts = new MeterLayouts(database.dataSource());
    meterModels = new PerMeterModels(database.dataSource(), models, layouts, cfg.duration("meter.models.cache.ttl"), clock);
    MeterModelResolver resolver = meterModels;

    List<NotificationChannel> channels = new ArrayList<>();
    if (mqttUri.isPresent() && Boolean.parseBoolean(cfg.string("notify.mqtt"))) {
      MqttNotificationChannel overMqtt = new MqttNotificationChannel(new MqttChannelSettings(
          brokerSettings(cfg, mqttUri.get(), "-notify"), Duration.ofSeconds(10))).start();
      started.push(overMqtt);
      channels.add(overMqtt);
    }
    // --- relay lane (issue 11.2): relay commands and payments get a pool of their own ---
    relayLane = RelayLane.start(db, cfg, started);
    // --- end relay lane ---
    prepaid = new PrepaidEngine(database.dataSource(), relayLane.dataSource(), cfg, registry, clock, channels);
    started.push(prepaid);
    prepaid.notifications().sealWith(
        SecretSeal.configured(cfg.optional("notify.seal.key"), new Transactions(database.dataSource())));
    directory = new MeterDirectory(
        database.dataSource(), UnknownMeterPolicy.valueOf(cfg.string("store.unknown.meters").toUpperCase()), registry,
        new ReadingChecks(clock, cfg.duration("ingest.clock.tolerance"), registry));
    writer = new BatchWriter(database.dataSource(), directory, writerConfig(cfg), registry);
    started.push(writer);
    writer.addCommitListener(prepaid.feed()::committed);
    prepaid.schedule(scheduler, cfg.duration("prepaid.policy.every"), cfg.duration("billing.run.every"), clock);
    scheduler.scheduleWithFixedDelay(this::flushSightings, 5, 5, TimeUnit.SECONDS);
    writer.addEventCommitListener(this::eventsStored);
    ReadingSink sink = new BatchWriterSink(writer);

    reads = new ReadsModule(database.dataSource(), cfg, registry);
    started.push(reads);
    MeterConnector connector = new MeterConnector(sessions, associations(cfg), reads.dialler());
    commands = new CommandRunner(connector, registry);
    Optional<MqttRelayTransport> relayOverMqtt = Optional.empty();
    if (mqttUri.isPresent()) {
      relayOverMqtt = Optional.of(new MqttRelayTransport(new MqttRelayConfig(brokerSettings(cfg, mqttUri.get(), "-relay"),
          cfg.duration("mqtt.relay.timeout")), registry, clock).start());
      started.push(relayOverMqtt.get());
    }
    nodeId = cfg.optional("node.id").orElseGet(HeadEnd::defaultNodeId);
    SessionDirectory sessionDirectory = new SessionDirectory(database.dataSource(), nodeId);
    sessionDirectory.start(scheduler);
    sessions.listen(sessionDirectory);
    started.push(sessionDirectory);
    relayDispatcher = new RelayCommandDispatcher(prepaid.relayQueue(),
        new RoutingRelayTransport(connector::reachable, commands::run, relayOverMqtt), clock, cfg.integer("relay.max.inflight"),
        new SessionHolders(database.dataSource(), nodeId)::heldElsewhere);
    started.push(relayDispatcher);
    reads.start(connector, resolver, writer::submit, sessions, nodeId, scheduler, clock);
    // --- relay lane: the poll runs on a thread of its own, never behind the shared scheduler's jobs ---
    relayLane.pollEvery(cfg.duration("relay.poll.every"), this::pollRelayCommands);
    started.push(relayLane::stopPolling);
    // --- end relay lane ---
    // close() pops in reverse: the listeners stop, then the writer drains what they handed over
    // (the database still up), then the scheduled jobs stop, then the dispatcher, prepaid and pool
    started.push(this::stopScheduler);
    started.push(writer::close);
    tcp = new MeterTcpServer(tcpConfig(cfg), sink, sessions, directory::touch, resolver, ingestMetrics,
        List.of(ClientAssociationHandler::new)).identifyWith(connector::readSerial)
        .learnWith(new LayoutLearning((ch, serial, model, setups) -> connector.connect(ch, serial, CommandPurpose.READ)
            .thenCompose(c -> new LearnLayout(model, setups).execute(c)), layouts, meterModels,
            new DeadLetters(database.dataSource()), scheduler, clock, registry),
            Boolean.parseBoolean(cfg.string("meter.learn.first.contact")))
        .identityRules(new IdentityRules(cfg.duration("tcp.identity.probe.timeout"), cfg.duration("tcp.identity.contest.every")))
        .securePushesWith(pushSecurity).acrossNodes(sessionDirectory)
        .start();
    started.push(tcp);
    if (mqttUri.isPresent()) {
      MqttIngestConfig mc = new MqttIngestConfig(brokerSettings(cfg, mqttUri.get(), ""),
          List.of(cfg.string("mqtt.topics").split("\\s*,\\s*")), cfg.integer("mqtt.max.attempts"));
      mqtt = new MqttIngest(mc, sink, resolver, directory::touch, ingestMetrics,
          MqttIngestState.in(database.dataSource())).securePushesWith(pushSecurity).start();
      started.push(mqtt);
    }

    http = new HttpApi(httpSettings(cfg));
    FunctionCounter.builder("urja.http.timed.out", http, HttpApi::timedOutConnections)
        .description("HTTP connections closed because a request did not arrive within http.read.timeout").register(registry);
    FunctionCounter.builder("urja.http.overloaded", http, HttpApi::overloadedRequests)
        .description("HTTP requests answered 503 because every worker was busy and the queue full").register(registry);
    http.route("/metrics", ex -> HttpApi.send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    DatabaseProbe databaseProbe = new DatabaseProbe(database.dataSource(), cfg.duration("health.db.timeout"));
    started.push(databaseProbe);
    health = new HealthChecks(NodeHealth.checks(databaseProbe, writer, prepaid.feed(), tcp, Optional.ofNullable(mqtt),
        cfg.duration("health.queue.stall")), registry);
    scheduler.scheduleWithFixedDelay(() -> health.ready(), 5, 5, TimeUnit.SECONDS); // keeps urja.health gauges current
    new HealthEndpoint(health).register(http);
    // --- API, self-service, chatbot, dashboard (org.urja.headend.api.*) ---
    api = new ApiModule(this, cfg, clock, () -> relayLane.pollNow(this::pollRelayCommands), scheduler);
    started.push(api.whatsapp());
    new DeadLettersApi(new DeadLetters(database.dataSource())).register(api.router());
    reads.register(api.router(), api.rows(), api.access());
    api.register(http);
    // --- end API ---
    http.start();
    started.push(http);
    log.info("head-end up: DLMS/TCP port {}, MQTT {}, HTTP port {}", tcp.port(), mqttUri.orElse("off"), http.port());
  }

  /**
   * Each meter's associations from its own model (IS 15959 by default), with its imported keys,
   * this installation's system title and the invocation counter persisted per meter.
   */
  private ModelAssociationPolicy associations(UrjaConfig cfg) {
    byte[] title;
    try {
      title = SystemTitles.parse(cfg.string("dlms.client.system.title"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("dlms.client.system.title: " + e.getMessage(), e);
    }
    return new ModelAssociationPolicy(meterModels::modelFor, meterKeys::lookup, title, invocationCounter,
        frameCounterGuard, cfg.duration("dlms.response.timeout"));
  }

  /** The broker settings every MQTT client of this node shares; each client's id is mqtt.client.id + suffix. */
  static BrokerSettings brokerSettings(UrjaConfig cfg, String uri, String clientIdSuffix) {
    TlsFiles tls = new TlsFiles(cfg.optional("mqtt.tls.ca").map(Path::of).orElse(null),
        cfg.optional("mqtt.tls.cert").map(Path::of).orElse(null), cfg.optional("mqtt.tls.key").map(Path::of).orElse(null));
    return new BrokerSettings(uri, cfg.string("mqtt.client.id") + clientIdSuffix, cfg.optional("mqtt.username").orElse(null),
        cfg.optional("mqtt.password").orElse(null), tls, MqttProtocol.parse(cfg.string("mqtt.version")),
        cfg.duration("mqtt.session.expiry"));
  }

  /**
   * Events that became new rows (from the writer, or released by an operator): a meter's word that it
   * switched payment mode reaches the ledger, off the writer's thread.
   */
  public void eventsStored(List<MeterEvent> events) {
    scheduler.execute(() -> applyModeEvents(events));
  }

  /** The meter's own word that it switched to prepaid (212) or postpaid (211) reaches the ledger. */
  private void applyModeEvents(List<MeterEvent> events) {
    for (MeterEvent e : events) {
      if (e.code() == AccountRegistry.EVENT_SWITCHED_TO_PREPAID || e.code() == AccountRegistry.EVENT_SWITCHED_TO_POSTPAID) {
        try {
          prepaid.accounts().applyMeterModeEvent(e.meterSerial(), e.code(), e.timestamp());
        } catch (RuntimeException ex) {
          log.warn("mode event {} of meter {} not applied: {}", e.code(), e.meterSerial(), ex.toString());
        }
      }
    }
  }

  private void pollRelayCommands() {
    try {
      relayDispatcher.poll();
    } catch (Exception e) {
      log.warn("relay command poll failed: {}", e.toString());
    }
  }

  private void flushSightings() {
    try {
      directory.flushSightings();
    } catch (Exception e) {
      log.warn("could not record meter sightings: {}", e.toString());
    }
  }

  /** Lets a running job finish (it may be mid-transaction) rather than interrupting it. */
  private void stopScheduler() throws InterruptedException {
    scheduler.shutdown();
    if (!scheduler.awaitTermination(15, TimeUnit.SECONDS)) {
      log.warn("scheduled jobs still running after 15 s; interrupting them");
      scheduler.shutdownNow();
    }
  }

  public static void migrate(DataSource ds, UrjaConfig cfg) {
    String retention = cfg.string("storage.retention");
    Migrations.migrate(ds, new TimeSeriesLayout.Options(TimeSeriesLayout.Mode.AUTO, retention, retention,
        cfg.string("storage.compress.after")));
  }

  static BatchWriterConfig writerConfig(UrjaConfig cfg) {
    long max = cfg.integer("store.queue.max.rows");
    return BatchWriterConfig.defaults()
        .withWriterThreads(cfg.integer("store.writers"))
        .withBatch(cfg.integer("store.batch.rows"), cfg.duration("store.batch.linger"))
        .withQueueBounds(max, max / 2);
  }

  static HttpSettings httpSettings(UrjaConfig cfg) {
    return new HttpSettings(cfg.string("http.bind"), cfg.integer("http.port"), cfg.duration("http.read.timeout"),
        cfg.integer("http.threads"), cfg.integer("http.queue"), cfg.integer("http.max.body"),
        cfg.integer("http.max.connections"));
  }

  static TcpIngestConfig tcpConfig(UrjaConfig cfg) {
    return new TcpIngestConfig(cfg.string("tcp.bind"), cfg.integer("tcp.port"), cfg.integer("tcp.max.apdu"),
        cfg.duration("tcp.idle.timeout"), cfg.integer("tcp.io.threads"), cfg.integer("tcp.cipher.threads"));
  }

  public int tcpPort() {
    return tcp.port();
  }

  public int httpPort() {
    return http.port();
  }

  /** HTTP connections closed because their request did not arrive within http.read.timeout. */
  public long httpTimedOutConnections() {
    return http.timedOutConnections();
  }

  public DataSource dataSource() {
    return database.dataSource();
  }

  /** Host name and a random suffix: unique per running node, so a restart never inherits stale rows. */
  private static String defaultNodeId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "node";
    }
    return host + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  /** This node's name in the shared meter session directory ({@code node.id}). */
  public String nodeId() {
    return nodeId;
  }

  public MeterSessions sessions() {
    return sessions;
  }

  public BatchWriter writer() {
    return writer;
  }

  /** Runs DLMS commands on meters connected to this node. */
  public CommandRunner commands() {
    return commands;
  }

  public PrepaidEngine prepaid() {
    return prepaid;
  }

  /** Runs one relay-command poll now (the scheduler also runs it every relay.poll.every). */
  public int dispatchRelayCommands() {
    return relayDispatcher.poll();
  }

  /** The REST API's components (keys, read models) for tests and tools. */
  public ApiModule api() {
    return api;
  }

  /** Liveness and readiness of this node ({@code /health}). */
  public HealthChecks health() {
    return health;
  }

  /** Head-end-initiated reads: dial addresses, reads now and on schedule, completeness. */
  public ReadsModule reads() {
    return reads;
  }

  public MeterDirectory directory() {
    return directory;
  }

  public IngestMetrics ingestMetrics() {
    return ingestMetrics;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public MeterModelCatalog models() {
    return models;
  }

  /** Meters' DLMS secrets ({@code lookup(serial)} for associations and ciphered pushes). */
  public MeterKeyStore meterKeys() {
    return meterKeys;
  }

  /** Pending key versions to set on meters (class 64), and their confirmation. */
  public KeyRotation keyRotation() {
    return keyRotation;
  }

  /** The head-end's suite-0 invocation counter per meter, shared by every node. */
  public ReservedInvocationCounter invocationCounter() {
    return invocationCounter;
  }

  /** Replay protection of meters' frame counters in ciphered APDUs, shared by every node. */
  public StoredFrameCounterGuard frameCounterGuard() {
    return frameCounterGuard;
  }

  /** Each meter's effective model: the one assigned to it, overlaid with what it said of itself. */
  public PerMeterModels meterModels() {
    return meterModels;
  }

  /** What meters said about their own object models. */
  public MeterLayouts layouts() {
    return layouts;
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("error while stopping {}: {}", c, e.toString());
      }
    }
  }
}
