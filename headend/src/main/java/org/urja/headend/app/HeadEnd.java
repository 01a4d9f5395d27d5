package org.urja.headend.app;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.api.ApiModule;
import org.urja.headend.commands.CommandRunner;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.health.GuardedScheduler;
import org.urja.headend.health.HealthChecks;
import org.urja.headend.prepaid.PrepaidEngine;
import org.urja.headend.reads.ReadsModule;
import org.urja.ingest.db.DatabaseConfig;
import org.urja.ingest.keys.KeyRotation;
import org.urja.ingest.keys.MeterKeyStore;
import org.urja.ingest.keys.ReservedInvocationCounter;
import org.urja.ingest.keys.StoredFrameCounterGuard;
import org.urja.ingest.layout.MeterLayouts;
import org.urja.ingest.layout.PerMeterModels;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.store.BatchWriter;
import org.urja.ingest.store.MeterDirectory;
import org.urja.protocol.model.MeterModelCatalog;

/**
 * One head-end node, and the one place its parts are wired together (nothing else imports it but
 * the commands that run a node). It starts the wings in dependency order — storage, ingest's store,
 * prepaid, commands, then the listeners, then HTTP — each handed exactly what it uses and its own
 * typed settings ({@link NodeSettings}), and stops them in reverse. Stateless between nodes: every
 * node may serve any meter and any account.
 */
public final class HeadEnd implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HeadEnd.class);

  private final Started started = new Started();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  // guarded: a task whose run throws keeps its schedule (a plain one would be cancelled silently)
  private final ScheduledExecutorService scheduler =
      new GuardedScheduler(4, "urja-scheduler", registry);
  private final Node node = new Node(registry, scheduler, Clock.systemUTC(), started);
  private StorageWing storage;
  private IngestWing ingest;
  private PrepaidWing prepaid;
  private CommandsWing commands;
  private WebWing web;

  private HeadEnd() {}

  /** Migrates the schema, then starts storage, listeners and the HTTP endpoint. */
  public static HeadEnd start(UrjaConfig cfg, DatabaseConfig db, Optional<String> mqttUri)
      throws Exception {
    NodeSettings settings = NodeSettings.from(cfg, mqttUri);
    HeadEnd h = new HeadEnd();
    try {
      h.startAll(settings, db);
      return h;
    } catch (Exception e) {
      h.close();
      throw e;
    }
  }

  private void startAll(NodeSettings settings, DatabaseConfig db) throws Exception {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);

    storage = StorageWing.start(settings.storage(), db, node);
    started.push(scheduler::shutdownNow);
    ingest = IngestWing.store(settings.ingest(), storage, node);
    // relay commands and payments get capacity of their own (issue 11): a pool and a poll thread
    RelayLane relayLane = RelayLane.start(db, settings.commands().relayPoolSize(), started);
    prepaid =
        PrepaidWing.start(settings.prepaid(), storage.dataSource(), relayLane.dataSource(), node)
            .feedFrom(ingest.writer());
    commands =
        CommandsWing.start(
            settings.commands(), storage, ingest, prepaid.engine().relayQueue(), relayLane, node);
    // close() pops in reverse: the listeners stop, then the writer drains what they handed over
    // (the database still up), then the scheduled jobs stop, then the dispatcher, prepaid and pool
    started.push(this::stopScheduler);
    started.push(ingest.writer()::close);
    // prepaid meters close to running out are read even while the store is behind (issue 11)
    ingest.listen(commands.connector(), prepaid.engine().feed()::urgent);
    web = WebWing.start(settings.web(), storage, ingest, prepaid, commands, node);
    log.info(
        "head-end up: DLMS/TCP port {}, MQTT {}, HTTP port {}",
        ingest.tcp().port(),
        settings.ingest().mqtt().map(m -> m.broker().uri()).orElse("off"),
        web.http().port());
  }

  /** Lets a running job finish (it may be mid-transaction) rather than interrupting it. */
  private void stopScheduler() throws InterruptedException {
    scheduler.shutdown();
    if (!scheduler.awaitTermination(15, TimeUnit.SECONDS)) {
      log.warn("scheduled jobs still running after 15 s; interrupting them");
      scheduler.shutdownNow();
    }
  }

  /**
   * Applies every module's migrations with the configured retention ({@code migrate} command,
   * tools).
   */
  public static void migrate(DataSource ds, UrjaConfig cfg) {
    StorageWing.migrate(ds, NodeSettings.retention(cfg), NodeSettings.compressAfter(cfg));
  }

  public int tcpPort() {
    return ingest.tcp().port();
  }

  public int httpPort() {
    return web.http().port();
  }

  /** The paths the HTTP endpoint serves (each with every path below it). */
  public java.util.Set<String> httpMounts() {
    return web.http().mounts();
  }

  /** HTTP connections closed because their request did not arrive within http.read.timeout. */
  public long httpTimedOutConnections() {
    return web.http().timedOutConnections();
  }

  public DataSource dataSource() {
    return storage.dataSource();
  }

  /** This node's name in the shared meter session directory ({@code node.id}). */
  public String nodeId() {
    return commands.nodeId();
  }

  public MeterSessions sessions() {
    return ingest.sessions();
  }

  public BatchWriter writer() {
    return ingest.writer();
  }

  /** Runs DLMS commands on meters connected to this node. */
  public CommandRunner commands() {
    return commands.commands();
  }

  public PrepaidEngine prepaid() {
    return prepaid.engine();
  }

  /** Runs one relay-command poll now (the scheduler also runs it every relay.poll.every). */
  public int dispatchRelayCommands() {
    return commands.dispatchRelayCommands();
  }

  /** The REST API's components (keys, read models) for tests and tools. */
  public ApiModule api() {
    return web.api();
  }

  /** Consumer self-service and the chatbot (linking, complaints, outages) for tests and tools. */
  public SelfcareWing selfcare() {
    return web.selfcare();
  }

  /** Liveness and readiness of this node ({@code /health}). */
  public HealthChecks health() {
    return web.health();
  }

  /** Head-end-initiated reads: dial addresses, reads now and on schedule, completeness. */
  public ReadsModule reads() {
    return commands.reads();
  }

  public MeterDirectory directory() {
    return ingest.directory();
  }

  public IngestMetrics ingestMetrics() {
    return ingest.metrics();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public MeterModelCatalog models() {
    return ingest.models();
  }

  /** Meters' DLMS secrets ({@code lookup(serial)} for associations and ciphered pushes). */
  public MeterKeyStore meterKeys() {
    return storage.meterKeys();
  }

  /** Pending key versions to set on meters (class 64), and their confirmation. */
  public KeyRotation keyRotation() {
    return storage.keyRotation();
  }

  /** The head-end's suite-0 invocation counter per meter, shared by every node. */
  public ReservedInvocationCounter invocationCounter() {
    return storage.invocationCounter();
  }

  /** Replay protection of meters' frame counters in ciphered APDUs, shared by every node. */
  public StoredFrameCounterGuard frameCounterGuard() {
    return storage.frameCounterGuard();
  }

  /** Each meter's effective model: the one assigned to it, overlaid with what it said of itself. */
  public PerMeterModels meterModels() {
    return ingest.meterModels();
  }

  /** What meters said about their own object models. */
  public MeterLayouts layouts() {
    return ingest.layouts();
  }

  @Override
  public void close() {
    started.close();
  }
}
