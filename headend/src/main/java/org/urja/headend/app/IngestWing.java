package org.urja.headend.app;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.urja.headend.commands.CommandPurpose;
import org.urja.headend.commands.LearnLayout;
import org.urja.headend.commands.MeterConnector;
import org.urja.ingest.deadletter.DeadLetters;
import org.urja.ingest.layout.LayoutLearning;
import org.urja.ingest.layout.MeterLayouts;
import org.urja.ingest.layout.PerMeterModels;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.mqtt.MqttIngest;
import org.urja.ingest.mqtt.MqttIngestConfig;
import org.urja.ingest.mqtt.MqttIngestState;
import org.urja.ingest.push.PushSecurity;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.session.SessionDirectory;
import org.urja.ingest.store.BatchWriter;
import org.urja.ingest.store.BatchWriterConfig;
import org.urja.ingest.store.MeterDirectory;
import org.urja.ingest.store.ReadingChecks;
import org.urja.ingest.store.UnknownMeterPolicy;
import org.urja.ingest.tcp.IdentityRules;
import org.urja.ingest.tcp.MeterTcpServer;
import org.urja.ingest.tcp.QuestionLimits;
import org.urja.ingest.tcp.TcpIngestConfig;
import org.urja.protocol.client.ClientAssociationHandler;
import org.urja.protocol.model.MeterModelCatalog;

/**
 * Readings in: the meters' models, the meter directory, the batch writer (the listeners' sink), the
 * sessions of connected meters with the directory shared across nodes of which node holds each,
 * and, started last of all by {@link #listen}, the DLMS/TCP listener and the MQTT subscriber.
 */
final class IngestWing {

  /**
   * @param modelsDir extra meter-model JSON files ({@code meter.models.dir})
   * @param modelsCacheTtl how long a meter's effective model is kept
   * @param clockTolerance readings further in the future are held as suspect
   * @param learnOnFirstContact ask every meter once, when first seen over TCP, for its object lists
   * @param questions how many such questions at once, and how often one is asked again
   * @param mqtt the MQTT subscriber, when a broker is configured
   * @param nodeId this node's name in the shared meter session directory ({@code node.id})
   */
  record Settings(
      Optional<Path> modelsDir,
      Duration modelsCacheTtl,
      UnknownMeterPolicy unknownMeters,
      Duration clockTolerance,
      BatchWriterConfig writer,
      TcpIngestConfig tcp,
      boolean learnOnFirstContact,
      QuestionLimits questions,
      IdentityRules identityRules,
      Optional<MqttIngestConfig> mqtt,
      String nodeId) {
    Settings {
      Objects.requireNonNull(nodeId, "node.id");
      Objects.requireNonNull(modelsDir, "meter.models.dir");
      Objects.requireNonNull(unknownMeters, "store.unknown.meters");
      Objects.requireNonNull(writer, "writer");
      Objects.requireNonNull(tcp, "tcp");
      Objects.requireNonNull(identityRules, "identityRules");
      Objects.requireNonNull(questions, "questions");
      Objects.requireNonNull(mqtt, "mqtt");
      if (modelsCacheTtl.isNegative() || clockTolerance.isNegative()) {
        throw new IllegalArgumentException(
            "meter.models.cache.ttl and ingest.clock.tolerance must not be negative");
      }
    }
  }

  private final Settings settings;
  private final DataSource dataSource;
  private final Node node;
  private final IngestMetrics metrics;
  private final MeterModelCatalog models;
  private final MeterLayouts layouts;
  private final PerMeterModels meterModels;
  private final MeterDirectory directory;
  private final BatchWriter writer;
  private final MeterSessions sessions = new MeterSessions();
  private final SessionDirectory sessionDirectory;
  private final DeadLetters deadLetters;
  private final PushSecurity pushSecurity;
  private MeterTcpServer tcp;
  private MqttIngest mqtt;

  private IngestWing(Settings settings, StorageWing storage, Node node)
      throws IOException, SQLException {
    this.settings = settings;
    this.dataSource = storage.dataSource();
    this.node = node;
    metrics = new IngestMetrics(node.registry());
    models = MeterModelCatalog.bundled();
    if (settings.modelsDir().isPresent()) {
      models.addDirectory(settings.modelsDir().get());
    }
    layouts = new MeterLayouts(dataSource);
    meterModels =
        new PerMeterModels(dataSource, models, layouts, settings.modelsCacheTtl(), node.clock());
    directory =
        new MeterDirectory(
            dataSource,
            settings.unknownMeters(),
            node.registry(),
            new ReadingChecks(node.clock(), settings.clockTolerance(), node.registry()));
    writer =
        node.started()
            .push(new BatchWriter(dataSource, directory, settings.writer(), node.registry()));
    deadLetters = new DeadLetters(dataSource);
    // ciphered pushes: authenticated and decrypted with the meter's stored keys, replay-checked
    pushSecurity = new PushSecurity(storage.meterKeys(), storage.frameCounterGuard());
    node.every(Duration.ofSeconds(5), "recording meter sightings", directory::flushSightings);
    sessionDirectory = new SessionDirectory(dataSource, settings.nodeId());
    sessionDirectory.start(node.scheduler());
    sessions.listen(sessionDirectory);
    node.started().push(sessionDirectory);
  }

  /** Everything but the listeners: what the other wings need before meters may send. */
  static IngestWing store(Settings settings, StorageWing storage, Node node)
      throws IOException, SQLException {
    return new IngestWing(settings, storage, node);
  }

  /**
   * Opens the listeners, last: a meter that connects now finds every part of the node running.
   * {@code connector} asks a meter over its connection (its serial, its object lists); {@code
   * readFirst} names the meters read even while the store is behind.
   */
  void listen(MeterConnector connector, Predicate<String> readFirst) throws Exception {
    tcp =
        node.started()
            .push(
                new MeterTcpServer(
                        settings.tcp(),
                        writer,
                        sessions,
                        directory::touch,
                        meterModels,
                        metrics,
                        List.of(ClientAssociationHandler::new))
                    .readFirst(readFirst)
                    .identifyWith(connector::readSerial)
                    .learnWith(
                        new LayoutLearning(
                            (ch, serial, model, setups) ->
                                connector
                                    .connect(ch, serial, CommandPurpose.READ)
                                    .thenCompose(c -> new LearnLayout(model, setups).execute(c)),
                            layouts,
                            meterModels,
                            deadLetters,
                            node.scheduler(),
                            node.clock(),
                            node.registry()),
                        settings.learnOnFirstContact())
                    .askAtMost(settings.questions())
                    .identityRules(settings.identityRules())
                    .securePushesWith(pushSecurity)
                    .acrossNodes(sessionDirectory)
                    .start());
    if (settings.mqtt().isPresent()) {
      mqtt =
          node.started()
              .push(
                  new MqttIngest(
                          settings.mqtt().get(),
                          writer,
                          meterModels,
                          directory::touch,
                          metrics,
                          MqttIngestState.in(dataSource))
                      .securePushesWith(pushSecurity)
                      .start());
    }
  }

  IngestMetrics metrics() {
    return metrics;
  }

  MeterModelCatalog models() {
    return models;
  }

  MeterLayouts layouts() {
    return layouts;
  }

  PerMeterModels meterModels() {
    return meterModels;
  }

  MeterDirectory directory() {
    return directory;
  }

  BatchWriter writer() {
    return writer;
  }

  MeterSessions sessions() {
    return sessions;
  }

  /** Which node holds each meter's TCP connection, shared by every node. */
  SessionDirectory sessionDirectory() {
    return sessionDirectory;
  }

  String nodeId() {
    return settings.nodeId();
  }

  DeadLetters deadLetters() {
    return deadLetters;
  }

  MeterTcpServer tcp() {
    return tcp;
  }

  Optional<MqttIngest> mqtt() {
    return Optional.ofNullable(mqtt);
  }
}
