package org.urja.headend.app;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.commands.CommandRunner;
import org.urja.headend.commands.MeterConnector;
import org.urja.headend.commands.ModelAssociationPolicy;
import org.urja.headend.commands.RelayCommandDispatcher;
import org.urja.headend.commands.RoutingRelayTransport;
import org.urja.headend.commands.mqtt.MqttRelayConfig;
import org.urja.headend.commands.mqtt.MqttRelayTransport;
import org.urja.headend.reads.ReadsModule;
import org.urja.headend.reads.ReadsSettings;
import org.urja.ingest.keys.AnswerCounters;
import org.urja.ingest.session.SessionHolders;
import org.urja.ledger.relay.RelayCommandQueue;

/**
 * The head-end speaking first: DLMS commands to connected and listening meters, the relay commands
 * the ledger decided (over the meter's TCP connection, else its MQTT gateway), and the reads the
 * head-end initiates, on demand and on schedule.
 */
final class CommandsWing {
  private static final Logger log = LoggerFactory.getLogger(CommandsWing.class);

  /**
   * @param clientSystemTitle this installation's system title in the AARQ of every ciphered
   *     association ({@code dlms.client.system.title}); each meter's associations follow its model
   * @param responseTimeout how long a meter has to answer a DLMS request ({@code
   *     dlms.response.timeout})
   * @param relayOverMqtt relay commands to meters behind MQTT gateways, when a broker is configured
   * @param relayMaxInflight relay commands under way at once
   * @param relayPollEvery how often the relay command outbox is polled
   * @param relayPoolSize connections of the relay lane's own pool ({@code relay.db.pool.size})
   */
  record Settings(
      byte[] clientSystemTitle,
      Duration responseTimeout,
      Optional<MqttRelayConfig> relayOverMqtt,
      int relayMaxInflight,
      Duration relayPollEvery,
      ReadsSettings reads,
      int relayPoolSize) {
    Settings {
      clientSystemTitle =
          Objects.requireNonNull(clientSystemTitle, "dlms.client.system.title").clone();
      if (responseTimeout.compareTo(Duration.ZERO) <= 0) {
        throw new IllegalArgumentException(
            "dlms.response.timeout must be positive, got " + responseTimeout);
      }
      Objects.requireNonNull(relayOverMqtt, "relayOverMqtt");
      Objects.requireNonNull(reads, "reads");
      if (relayMaxInflight < 1) {
        throw new IllegalArgumentException(
            "relay.max.inflight must be at least 1, got " + relayMaxInflight);
      }
      if (relayPollEvery.compareTo(Duration.ZERO) <= 0) {
        throw new IllegalArgumentException(
            "relay.poll.every must be positive, got " + relayPollEvery);
      }
      if (relayPoolSize < 1) {
        throw new IllegalArgumentException(
            "relay.db.pool.size must be at least 1, got " + relayPoolSize);
      }
    }

    @Override
    public byte[] clientSystemTitle() {
      return clientSystemTitle.clone();
    }
  }

  private final Node node;
  private final RelayLane relayLane;

  /**
   * Ciphered requests of one relay command, at most: the HLS reply, the ACTION, the read-back, with
   * room for a retry.
   */
  private static final int RELAY_COMMAND_REQUESTS = 16;

  private final String nodeId;
  private final ReadsModule reads;
  private final MeterConnector connector;
  private final CommandRunner commands;
  private final RelayCommandDispatcher relayDispatcher;

  private CommandsWing(
      Settings settings,
      StorageWing storage,
      IngestWing ingest,
      RelayCommandQueue relayQueue,
      RelayLane relayLane,
      Node node)
      throws Exception {
    this.node = node;
    this.relayLane = relayLane;
    this.nodeId = ingest.nodeId();
    DataSource dataSource = storage.dataSource();
    reads = node.started().push(new ReadsModule(dataSource, settings.reads(), node.registry()));
    // each meter's associations from its own model (IS 15959 by default), with its imported keys,
    // this installation's system title and the invocation counter persisted per meter
    // answers are numbered with the pushes' counter but checked apart (V46), in memory on the
    // event loop once primed before the association opens
    AnswerCounters answers =
        new AnswerCounters(relayLane.dataSource(), storage.frameCounterGuard().answers());
    ModelAssociationPolicy associations =
        new ModelAssociationPolicy(
                ingest.meterModels()::modelFor,
                storage.meterKeys()::lookup,
                settings.clientSystemTitle(),
                storage.invocationCounter(),
                answers,
                settings.responseTimeout(),
                serial -> {
                  answers.prime(serial);
                  // the counters a relay command's requests use, reserved here, not on the
                  // connection's event loop
                  storage.invocationCounter().reserveAhead(serial, RELAY_COMMAND_REQUESTS);
                })
            // a relay command reads the meter's keys and answer counters on the relay lane's
            // pool: it must not wait for a connection of the pool the ingest writer keeps busy at
            // its ceiling (issue 11); reads keep to the main pool
            .commandsReadingKeysFrom(
                storage.meterKeys().readingThrough(relayLane.dataSource())::lookup);
    connector = new MeterConnector(ingest.sessions(), associations, reads.dialler());
    commands = new CommandRunner(connector, node.registry());
    Optional<MqttRelayTransport> relayOverMqtt = Optional.empty();
    if (settings.relayOverMqtt().isPresent()) {
      relayOverMqtt =
          Optional.of(
              node.started()
                  .push(
                      new MqttRelayTransport(
                              settings.relayOverMqtt().get(), node.registry(), node.clock())
                          .start()));
    }
    relayDispatcher =
        node.started()
            .push(
                new RelayCommandDispatcher(
                    relayQueue,
                    new RoutingRelayTransport(connector::reachable, commands::run, relayOverMqtt),
                    node.clock(),
                    settings.relayMaxInflight(),
                    new SessionHolders(dataSource, nodeId)::heldElsewhere));
    reads.start(
        connector,
        ingest.meterModels(),
        ingest.writer()::submit,
        ingest.sessions(),
        nodeId,
        node.scheduler(),
        node.clock(),
        ingest.writer()::hasCapacity);
    // the poll runs on the relay lane's own thread, never behind the shared scheduler's jobs (issue
    // 11)
    relayLane.pollEvery(settings.relayPollEvery(), relayDispatcher::poll);
    node.started().push(relayLane::stopPolling);
  }

  static CommandsWing start(
      Settings settings,
      StorageWing storage,
      IngestWing ingest,
      RelayCommandQueue relayQueue,
      RelayLane relayLane,
      Node node)
      throws Exception {
    return new CommandsWing(settings, storage, ingest, relayQueue, relayLane, node);
  }

  /**
   * Runs the relay dispatcher soon, on the relay lane's thread (after a credit or an operator
   * command).
   */
  void wakeRelay() {
    relayLane.pollNow(relayDispatcher::poll);
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
