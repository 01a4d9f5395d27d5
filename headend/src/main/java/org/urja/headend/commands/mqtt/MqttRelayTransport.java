package org.urja.headend.commands.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.commands.CommandRunner;
import org.urja.headend.commands.RelayCommandTransport;
import org.urja.headend.commands.RelayState;
import org.urja.headend.commands.RelaySwitch;
import org.urja.headend.commands.mqtt.GatewayCommand.Action;
import org.urja.ingest.mqtt.MqttClients;
import org.urja.protocol.mqtt.TopicSubscriptions;

/**
 * Relay commands to meters behind gateways (DCUs) that speak MQTT, not DLMS, to the head-end. The
 * gateway translates: it runs remote_disconnect / remote_reconnect on the meter's Disconnect
 * control object and reads attributes 2, 3 and 4 back, exactly as {@link RelaySwitch} does over
 * DLMS, and answers with that read-back. The contract is in {@code docs/MQTT.md}:
 *
 * <pre>
 * meters/{serial}/commands  QoS 1  {"id":"&lt;uuid&gt;","action":"disconnect"|"reconnect"|"read_relay","issuedAt":"&lt;ISO-8601&gt;"}
 * meters/{serial}/replies   QoS 1  {"id":"…","result":"ok"|"refused"|"error","outputState":true,"controlState":1,"controlMode":4,"message":"…"}
 * </pre>
 *
 * <p>Replies are matched to commands by id. No reply within {@link MqttRelayConfig#replyTimeout()}
 * fails the command with {@link TimeoutException}, which the dispatcher retries (with a new id: a
 * switch is idempotent, so a gateway that carries out both attempts does no harm). {@code refused}
 * and {@code error} fail it with {@link GatewayRejectedException}, which it does not retry.
 * Duplicate, late, unknown and malformed replies are ignored and counted in {@code
 * urja.commands.mqtt.replies.ignored{reason}}: every node subscribed to {@code meters/+/replies}
 * also sees the other nodes' replies.
 *
 * <p>Replies complete their commands on this transport's own threads, never on Paho's callback
 * thread, because the dispatcher records outcomes in the database from the completion.
 */
public final class MqttRelayTransport
    implements RelayCommandTransport, MqttCallbackExtended, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MqttRelayTransport.class);

  /** Answered ids kept to tell a duplicate reply from a stranger's. */
  private static final int RECENT_IDS = 10_000;

  private final MqttRelayConfig cfg;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Set<String> answered =
      Collections.synchronizedSet(
          Collections.newSetFromMap(
              new LinkedHashMap<>(1_024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > RECENT_IDS;
                }
              }));
  private final ScheduledThreadPoolExecutor executor;
  private final TopicSubscriptions replies = TopicSubscriptions.of(1, RelayTopics.REPLIES_FILTER);
  private MqttAsyncClient client;

  private record Pending(String serial, CompletableFuture<RelayState> reply) {}

  public MqttRelayTransport(MqttRelayConfig cfg, MeterRegistry registry, Clock clock) {
    this.cfg = cfg;
    this.registry = registry;
    this.clock = clock;
    this.executor =
        new ScheduledThreadPoolExecutor(
            2,
            r -> {
              Thread t = new Thread(r, "urja-mqtt-relay");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
  }

  /**
   * Connects with a persistent session and subscribes to every meter's replies before returning.
   */
  public MqttRelayTransport start() throws MqttException {
    client =
        new MqttAsyncClient(cfg.broker().uri(), cfg.broker().clientId(), new MemoryPersistence());
    client.setCallback(this);
    MqttConnectOptions o = MqttClients.options(cfg.broker(), true, 1_000);
    client.connect(o).waitForCompletion(30_000);
    replies.awaitGranted(Duration.ofSeconds(30));
    log.info("relay commands over MQTT on {} as {}", cfg.broker().uri(), cfg.broker().clientId());
    return this;
  }

  @Override
  public CompletableFuture<RelayState> send(String meterSerial, RelaySwitch command) {
    return submit(meterSerial, Action.of(command));
  }

  /** Asks the gateway for the relay's state without switching it. */
  public CompletableFuture<RelayState> readRelay(String meterSerial) {
    return submit(meterSerial, Action.READ_RELAY);
  }

  private CompletableFuture<RelayState> submit(String serial, Action action) {
    GatewayCommand command =
        new GatewayCommand(UUID.randomUUID().toString(), action, clock.instant());
    CompletableFuture<RelayState> reply = new CompletableFuture<>();
    Timer.Sample sample = Timer.start(registry);
    pending.put(command.id(), new Pending(serial, reply));
    ScheduledFuture<?> timeout =
        executor.schedule(
            () ->
                reply.completeExceptionally(
                    new TimeoutException(
                        "no reply from the gateway of meter "
                            + serial
                            + " within "
                            + cfg.replyTimeout())),
            cfg.replyTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
    reply.whenComplete(
        (state, err) -> {
          timeout.cancel(false);
          answered.add(command.id());
          pending.remove(command.id());
          sample.stop(
              registry.timer(
                  "urja.commands.mqtt", "command", action.wire(), "outcome", outcome(err)));
          if (err != null) {
            log.warn(
                "{} on meter {} over MQTT failed: {}",
                action.wire(),
                serial,
                CommandRunner.unwrap(err).getMessage());
          } else {
            log.info("{} on meter {} over MQTT: {}", action.wire(), serial, state);
          }
        });
    try {
      MqttMessage message = new MqttMessage(command.toJson());
      message.setQos(1);
      client.publish(RelayTopics.commands(serial), message);
    } catch (MqttException e) {
      // not connected or the in-flight window is full: both pass, so the dispatcher retries
      reply.completeExceptionally(
          new IOException("could not publish the command for meter " + serial + ": " + e, e));
    }
    return reply;
  }

  private static String outcome(Throwable err) {
    Throwable cause = CommandRunner.unwrap(err);
    if (cause == null) {
      return "ok";
    }
    if (cause instanceof GatewayRejectedException g) {
      return g.result();
    }
    return cause instanceof TimeoutException ? "timeout" : "error";
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    Optional<GatewayReply> parsed = GatewayReply.parse(message.getPayload());
    if (parsed.isEmpty()) {
      ignored("malformed", topic);
      return;
    }
    GatewayReply reply = parsed.get();
    Pending p = pending.get(reply.id());
    if (p == null) {
      ignored(answered.contains(reply.id()) ? "duplicate" : "unknown", topic);
      return;
    }
    if (!RelayTopics.serialOfReply(topic).map(p.serial()::equals).orElse(false)) {
      ignored("wrong_meter", topic);
      return;
    }
    try {
      executor.execute(
          () -> {
            if (!complete(p, reply)) {
              ignored("duplicate", topic);
            }
          });
    } catch (RejectedExecutionException e) {
      // closing: close() has failed every pending command already
    }
  }

  private boolean complete(Pending p, GatewayReply reply) {
    if (reply.ok() && reply.state().isPresent()) {
      return p.reply().complete(reply.state().get());
    }
    String result = reply.ok() ? GatewayReply.ERROR : reply.result();
    String message =
        reply.ok() ? "an ok reply without a valid relay state read back" : reply.message();
    return p.reply()
        .completeExceptionally(new GatewayRejectedException(p.serial(), result, message));
  }

  private void ignored(String reason, String topic) {
    registry.counter("urja.commands.mqtt.replies.ignored", "reason", reason).increment();
    log.debug("ignored a {} reply on {}", reason, topic);
  }

  /**
   * Replies this transport ignored for {@code reason} (duplicate, unknown, wrong_meter, malformed).
   */
  public double ignoredReplies(String reason) {
    return registry.counter("urja.commands.mqtt.replies.ignored", "reason", reason).count();
  }

  /** Commands waiting for their reply. */
  public int inFlight() {
    return pending.size();
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    // a persistent session keeps the subscription, unless the connection fell before the SUBACK
    replies.subscribe(client);
  }

  @Override
  public void connectionLost(Throwable cause) {
    log.warn(
        "relay command MQTT connection lost: {} (reconnecting)",
        cause == null ? "" : cause.toString());
  }

  @Override
  public void deliveryComplete(IMqttDeliveryToken token) {}

  @Override
  public void close() {
    for (Pending p : pending.values()) {
      p.reply()
          .completeExceptionally(
              new IOException("head-end stopping before meter " + p.serial() + " replied"));
    }
    executor.shutdownNow();
    MqttClients.close(client, log, "relay command");
  }
}
