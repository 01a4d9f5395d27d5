package org.urja.headend.app;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.commands.CommandRunner;
import org.urja.headend.commands.ConfiguredAssociations;
import org.urja.headend.commands.MeterConnector;
import org.urja.headend.commands.RelayCommandDispatcher;
import org.urja.headend.commands.mqtt.MqttRelayConfig;
import org.urja.headend.commands.mqtt.MqttRelayTransport;
import org.urja.headend.commands.mqtt.RoutingRelayTransport;
import org.urja.headend.reads.ReadsModule;
import org.urja.headend.reads.ReadsSettings;
import org.urja.ledger.relay.RelayCommandQueue;

/**
 * The head-end speaking first: DLMS commands to connected and listening meters, the relay
 * commands the ledger decided (over the meter's TCP connection, else its MQTT gateway), and the
 * reads the head-end initiates, on demand and on schedule.
 */
final class CommandsWing {
  private static final Logger log = LoggerFactory.getLogger(CommandsWing.class);

  /**
   * @param associations the DLMS association per command purpose ({@code dlms.*})
   * @param relayOverMqtt relay commands to meters behind MQTT gateways, when a broker is configured
   * @param relayMaxInflight relay commands under way at once
   * @param relayPollEvery how often the relay command outbox is polled
   */
  record Settings(ConfiguredAssociations associations, Optional<MqttRelayConfig> relayOverMqtt, int relayMaxInflight,
      Duration relayPollEvery, ReadsSettings reads) {
    Settings {
      Objects.requireNonNull(associations, "associations");
      Objects.requireNonNull(relayOverMqtt, "relayOverMqtt");
      Objects.requireNonNull(reads, "reads");
      if (relayMaxInflight < 1) {
        throw new IllegalArgumentException("relay.max.inflight must be at least 1, got " + relayMaxInflight);
      }
      if (relayPollEvery.compareTo(Duration.ZERO) <= 0) {
        throw new IllegalArgumentException("relay.poll.every must be positive, got " + relayPollEvery);
      }
    }
  }

  private final Node node;
  private final String nodeId;
  private final ReadsModule reads;
  private final MeterConnector connector;
  private final CommandRunner commands;
  private final RelayCommandDispatcher relayDispatcher;

  private CommandsWing(Settings settings, StorageWing storage, IngestWing ingest, RelayCommandQueue relayQueue,
      Node node) throws Exception {
    this.node = node;
    this.nodeId = ingest.nodeId();
    DataSource dataSource = storage.dataSource();
    reads = node.started().push(new ReadsModule(dataSource, settings.reads(), node.registry()));
    // the association per meter and purpose: a policy built from each meter's model and keys belongs here
    connector = new MeterConnector(ingest.sessions(), settings.associations(), reads.dialler());
    commands = new CommandRunner(connector, node.registry());
    Optional<MqttRelayTransport> relayOverMqtt = Optional.empty();
    if (settings.relayOverMqtt().isPresent()) {
      relayOverMqtt = Optional.of(node.started().push(
          new MqttRelayTransport(settings.relayOverMqtt().get(), node.registry(), node.clock()).start()));
    }
    relayDispatcher = node.started().push(new RelayCommandDispatcher(relayQueue,
        new RoutingRelayTransport(connector::reachable, commands::run, relayOverMqtt), node.clock(),
        settings.relayMaxInflight(), nodeId));
    reads.start(connector, ingest.meterModels(), ingest.writer()::submit, ingest.sessions(), nodeId,
        node.scheduler(), node.clock());
    node.every(settings.relayPollEvery(), "relay command poll", relayDispatcher::poll);
  }

  static CommandsWing start(Settings settings, StorageWing storage, IngestWing ingest, RelayCommandQueue relayQueue,
      Node node) throws Exception {
    return new CommandsWing(settings, storage, ingest, relayQueue, node);
  }

  /** Runs the relay dispatcher soon, off the caller's thread (after a credit or an operator command). */
  void wakeRelay() {
    node.scheduler().execute(() -> {
      try {
        relayDispatcher.poll();
      } catch (RuntimeException e) {
        log.warn("relay command poll failed: {}", e.toString());
      }
    });
  }

  /** Runs one relay-command poll now, on the caller's thread. */
  int dispatchRelayCommands() {
    return relayDispatcher.poll();
  }

  String nodeId() {
    return nodeId;
  }

  MeterConnector connector() {
    return connector;
  }

  CommandRunner commands() {
    return commands;
  }

  ReadsModule reads() {
    return reads;
  }
}
