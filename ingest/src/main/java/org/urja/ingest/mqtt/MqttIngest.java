package org.urja.ingest.mqtt;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.deadletter.DeadLetter;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.push.DecodedPush;
import org.urja.ingest.push.MeterModelResolver;
import org.urja.ingest.push.PushDecodeException;
import org.urja.ingest.push.PushDecoder;
import org.urja.ingest.push.PushRefusedException;
import org.urja.ingest.push.PushSecurity;
import org.urja.ingest.reading.ReadingSink;
import org.urja.ingest.session.MeterSightings;
import org.urja.ingest.store.WriterClosedException;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.mqtt.MeterTopics;
import org.urja.protocol.wrapper.WrapperFrame;

/**
 * Subscribes to the fleet's MQTT topics (QoS 1, persistent session) and acknowledges each message
 * only after its readings are committed: a crash before the commit makes the broker deliver it
 * again, and the store's dedup makes that harmless. Payloads are DLMS DataNotification bytes (bare
 * APDU or in a 62056-47 wrapper frame) or the JSON form of {@link JsonPayload}.
 *
 * <p>Invariants: no Throwable escapes the client's callback (it would drop the connection, and the
 * unacknowledged message would come back and drop it again). Bad input (a decode error) is counted
 * and acknowledged. A fault (anything else thrown while handling, or the store's future failing)
 * leaves the message unacknowledged for redelivery and is counted per message identity in the
 * database; at {@link MqttIngestConfig#maxAttempts()} the message goes to the dead letters and is
 * acknowledged, so it cannot poison restarts. A redelivered message is counted before it is
 * handled, so one that kills the process each time is still given up after a bounded number of
 * restarts.
 */
public final class MqttIngest implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MqttIngest.class);
  private static final String TRANSPORT = "mqtt";

  private final MqttIngestConfig cfg;
  private final ReadingSink sink;
  private final MeterModelResolver models;
  private final IngestMetrics metrics;
  private final MeterSightings sightings;
  private final MqttIngestState state;
  private final PushDecoder decoder = new PushDecoder();
  private final Clock clock = Clock.systemUTC();
  private final BadMessageLog badMessages = new BadMessageLog(log, clock);
  private volatile IngestClient client;
  private volatile PushSecurity security;
  private SessionAdoption adoption;

  public MqttIngest(
      MqttIngestConfig cfg,
      ReadingSink sink,
      MeterModelResolver models,
      MeterSightings sightings,
      IngestMetrics metrics,
      MqttIngestState state) {
    this.sightings = sightings;
    this.cfg = cfg;
    this.sink = sink;
    this.models = models;
    this.metrics = metrics;
    this.state = state;
  }

  /**
   * Opens ciphered pushes and refuses plain ones from meters that must cipher; set before {@link
   * #start()}. Without it every ciphered push is refused ({@code auth_failed}).
   */
  public MqttIngest securePushesWith(PushSecurity security) {
    this.security = security;
    return this;
  }

  /**
   * Connects with the configured protocol level ({@code AUTO}: MQTT 5, or 3.1.1 when the broker
   * refuses 5) and returns once the broker has granted every topic filter.
   */
  public MqttIngest start() throws Exception {
    try {
      state.attempts().pruneStale();
    } catch (SQLException e) {
      log.warn("could not prune old MQTT delivery attempts: {}", e.toString());
    }
    BrokerSettings broker = cfg.broker();
    SubscriptionUpkeep upkeep =
        new SubscriptionUpkeep(broker.clientId(), cfg.topicFilters(), state.subscriptions());
    adoption =
        SessionAdoption.forNode(
            cfg,
            state,
            this::isConnected,
            () -> client instanceof V5IngestClient,
            this::arrived,
            metrics.registry());
    if (broker.protocol() != MqttProtocol.V3_1_1) {
      IngestClient v5 = new V5IngestClient(broker, upkeep, this::arrived);
      client = v5;
      try {
        v5.start();
      } catch (Exception e) {
        v5.close();
        client = null;
        if (broker.protocol() == MqttProtocol.V5 || !ProtocolRefusal.refusesV5(e)) {
          close();
          throw e;
        }
        log.info(
            "broker {} does not speak MQTT 5 ({}); ingest uses MQTT 3.1.1, whose sessions end only by the broker's own expiry",
            broker.uri(),
            e.toString());
      }
    }
    if (client == null) {
      IngestClient v3 = new V3IngestClient(broker, upkeep, this::arrived);
      client = v3;
      try {
        v3.start();
      } catch (Exception e) {
        close();
        throw e;
      }
    }
    if (adoption != null) {
      adoption.connected();
    }
    log.info(
        "MQTT ingest subscribed to {} on {} over {}{}",
        cfg.topicFilters(),
        broker.uri(),
        client.protocol(),
        adoption == null ? "" : "; adopts departed sessions of share group " + cfg.shareGroup());
    return this;
  }

  /** Whether the ingest client is connected to the broker now (it reconnects by itself). */
  public boolean isConnected() {
    IngestClient c = client;
    return c != null && c.isConnected();
  }

  /** The protocol level the broker accepted: "MQTT 5" or "MQTT 3.1.1" (empty before start). */
  public String protocol() {
    IngestClient c = client;
    return c == null ? "" : c.protocol();
  }

  /** One message as the broker delivered it, and its identity across redeliveries. */
  private record Delivery(
      IngestClient.Acker acker,
      String topic,
      byte[] payload,
      int id,
      int qos,
      String key,
      int attemptsCounted) {
    Delivery counted(int n) {
      return new Delivery(acker, topic, payload, id, qos, key, n);
    }

    /** The PUBACK, on the connection (own or adopted session) that delivered the message. */
    void ack() {
      acker.ack(id, qos);
    }
  }

  private void arrived(
      IngestClient.Acker from, String topic, byte[] payload, int id, int qos, boolean redelivered) {
    Delivery d =
        new Delivery(from, topic, payload, id, qos, DeliveryAttempts.keyOf(topic, payload), 0);
    try {
      handle(d, redelivered);
    } catch (Throwable t) {
      // Throwable, not Exception: an Error (OutOfMemoryError from one absurd payload) escaping the
      // callback makes Paho drop the connection, and the redelivery would drop it again
      try {
        fault(d, t);
      } catch (Throwable again) {
        log.error(
            "MQTT message on {} left unacknowledged; could not record its failure: {}",
            topic,
            again.toString());
      }
    }
  }

  private void handle(Delivery delivery, boolean redelivered) throws SQLException {
    metrics.frame(TRANSPORT);
    long receivedNanos = System.nanoTime();
    Delivery d = delivery;
    if (redelivered) {
      // counted before handling: if handling kills the process, the count still grows per restart
      int n = countBeforeHandling(d);
      if (n > cfg.maxAttempts()) {
        giveUp(d, n, state.attempts().lastReason(d.key()));
        return;
      }
      d = d.counted(n);
    }
    DecodedPush push;
    try {
      push = decode(d.topic(), d.payload(), redelivered);
    } catch (PushRefusedException e) {
      metrics.pushRefused(TRANSPORT, e.reason());
      acknowledgeBad(d, e.getMessage());
      return;
    } catch (PushDecodeException | AxdrException e) {
      badInput(d, e instanceof AxdrException ? "axdr" : "payload", e.getMessage());
      return;
    } catch (PushSecurity.UnavailableException e) {
      throw e; // a fault of this node, not of the message: left unacknowledged (fault below)
    } catch (RuntimeException e) {
      // a decoder's unexpected exception on one odd payload is still that payload's fault
      badInput(d, "unexpected", e.toString());
      return;
    }
    sightings.seen(push.meterSerial(), null, TRANSPORT);
    metrics.readings(TRANSPORT, push.readings().size());
    metrics.events(TRANSPORT, push.events().size());
    CompletableFuture<?> stored = sink.submit(push.readings(), push.events());
    Delivery submitted = d;
    stored.whenComplete(
        (ok, err) -> {
          try {
            if (err == null) {
              submitted.ack();
              metrics.pushCommitted(TRANSPORT, receivedNanos);
              if (submitted.attemptsCounted() > 0) {
                state.attempts().forget(submitted.key());
              }
            } else if (unwrap(err) instanceof WriterClosedException) {
              // the node is stopping: not this message's fault, and not an attempt; the broker
              // delivers it again
              log.debug(
                  "MQTT message {} on {} left unacknowledged: the node is stopping",
                  submitted.id(),
                  submitted.topic());
            } else {
              fault(submitted, err);
            }
          } catch (Throwable t) {
            log.error(
                "MQTT message on {} after its store completed: {}",
                submitted.topic(),
                t.toString());
          }
        });
  }

  /**
   * The attempts so far including this one, or 0 when the database cannot say (handled as a first
   * attempt).
   */
  private int countBeforeHandling(Delivery d) {
    try {
      return state.attempts().count(d.key(), d.topic(), null);
    } catch (SQLException e) {
      log.warn(
          "could not count the redelivery of the MQTT message on {}: {}", d.topic(), e.toString());
      return 0;
    }
  }

  private void badInput(Delivery d, String reason, String why) throws SQLException {
    metrics.decodeError(TRANSPORT, reason);
    acknowledgeBad(d, why);
  }

  private void acknowledgeBad(Delivery d, String why) throws SQLException {
    // a message that can never be decoded is acknowledged, or the broker would redeliver it forever
    badMessages.rejected(d.topic(), why);
    d.ack();
    if (d.attemptsCounted() > 0) {
      state.attempts().forget(d.key());
    }
  }

  private void fault(Delivery d, Throwable t) throws SQLException {
    metrics
        .registry()
        .counter("urja.ingest.mqtt.faults", "cause", t.getClass().getSimpleName())
        .increment();
    String reason = abbreviate(t.toString());
    int n;
    if (d.attemptsCounted() > 0) {
      state.attempts().explain(d.key(), reason);
      n = d.attemptsCounted();
    } else {
      n = state.attempts().count(d.key(), d.topic(), reason);
    }
    if (n >= cfg.maxAttempts()) {
      giveUp(d, n, reason);
    } else {
      // not acknowledged: the broker delivers it again after reconnect
      log.error(
          "MQTT message {} on {} not handled (attempt {} of {}), left unacknowledged: {}",
          d.id(),
          d.topic(),
          n,
          cfg.maxAttempts(),
          reason);
    }
  }

  private void giveUp(Delivery d, int attempts, String reason) throws SQLException {
    String serial;
    try {
      serial = serialOf(d.topic());
    } catch (PushDecodeException e) {
      serial = null;
    }
    long letter =
        state
            .deadLetters()
            .record(
                new DeadLetter.New(
                    TRANSPORT,
                    d.topic(),
                    serial,
                    "repeated_failure",
                    reason,
                    d.payload(),
                    attempts));
    d.ack();
    state.attempts().forget(d.key());
    metrics.registry().counter("urja.ingest.mqtt.dead.letters").increment();
    log.error(
        "MQTT message on {} failed {} times; dead letter {} holds it and it is acknowledged: {}",
        d.topic(),
        attempts,
        letter,
        reason);
  }

  private static String abbreviate(String s) {
    return s.length() <= 500 ? s : s.substring(0, 500) + "…";
  }

  DecodedPush decode(String topic, byte[] payload) {
    return decode(topic, payload, false);
  }

  /**
   * A ciphered push is opened first (its keys must be those of the topic's meter); a plain one,
   * JSON included, is refused when the topic's meter must cipher.
   */
  private DecodedPush decode(String topic, byte[] payload, boolean redelivered) {
    String serial = serialOf(topic);
    if (payload.length == 0) {
      throw new PushDecodeException("empty payload");
    }
    PushSecurity sec = security;
    if (payload[0] == '{') {
      if (sec != null) {
        sec.checkPlain(serial);
      }
      return JsonPayload.parse(payload, serial);
    }
    byte[] apdu = unwrap(payload);
    if (PushSecurity.isCiphered(apdu)) {
      if (sec == null) {
        throw new PushRefusedException(
            PushRefusedException.AUTH_FAILED, "ciphered push, and this node opens none");
      }
      PushSecurity.Admitted opened = sec.open(apdu, redelivered);
      PushSecurity.requireSameMeter(opened.provenSerial().orElseThrow(), serial);
      DecodedPush p =
          decoder.decode(
              opened.notification(), models.modelFor(serial), Optional.of(serial), clock.instant());
      PushSecurity.requireSameMeter(serial, p.meterSerial());
      return p;
    }
    if (sec != null) {
      sec.checkPlain(serial);
    }
    DataNotification n = DataNotification.decode(apdu);
    DecodedPush p =
        decoder.decode(n, models.modelFor(serial), Optional.of(serial), clock.instant());
    if (!p.meterSerial().equals(serial)) {
      throw new PushDecodeException(
          "push from meter " + p.meterSerial() + " published on topic of " + serial);
    }
    return p;
  }

  /** meters/{serial}/data, also behind a $share/group/ prefix. */
  static String serialOf(String topic) {
    return MeterTopics.serialOf(topic)
        .orElseThrow(
            () ->
                new PushDecodeException(
                    "topic " + topic + " does not name a meter (meters/{serial}/...)"));
  }

  private static byte[] unwrap(byte[] payload) {
    if (payload.length >= WrapperFrame.HEADER_LENGTH && payload[0] == 0 && payload[1] == 1) {
      int len = ((payload[6] & 0xFF) << 8) | (payload[7] & 0xFF);
      if (len != payload.length - WrapperFrame.HEADER_LENGTH) {
        throw new PushDecodeException(
            "wrapper frame announces " + len + " bytes, payload has " + (payload.length - 8));
      }
      return java.util.Arrays.copyOfRange(payload, WrapperFrame.HEADER_LENGTH, payload.length);
    }
    return payload;
  }

  @Override
  public void close() {
    if (adoption != null) {
      // first: an adoption under way lets go of the departed session keeping it
      adoption.close();
    }
    IngestClient c = client;
    if (c != null) {
      c.close();
    }
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
