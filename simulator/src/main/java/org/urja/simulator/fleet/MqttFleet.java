package org.urja.simulator.fleet;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.mqtt.MeterTopics;
import org.urja.protocol.mqtt.TopicSubscriptions;
import org.urja.simulator.meter.SimulatedMeter;
import org.urja.simulator.push.PushEncoding;

/**
 * Meters behind data concentrators (RF mesh to a DCU, the DCU to an MQTT broker): each gateway is
 * one MQTT client publishing its meters' DataNotification APDUs, QoS 1, to {@code
 * meters/{serial}/data} and alert pushes to {@code meters/{serial}/events}. A gateway also takes
 * relay commands for its meters from {@code meters/{serial}/commands}, carries them out on the
 * meter's Disconnect control object and answers on {@code meters/{serial}/replies} (the JSON
 * contract of the head-end's docs/MQTT.md); the load switch event (301/302) follows as an alert
 * push at once, as a meter raises it.
 */
public final class MqttFleet implements Fleet {
  private static final Logger log = LoggerFactory.getLogger(MqttFleet.class);

  private final FleetConfig cfg;
  private final String brokerUri;
  private final GatewayLogin login;
  private final List<SimulatedMeter> meters;
  private final List<Gateway> gateways = new ArrayList<>();

  /**
   * Relay command filters per SUBSCRIBE packet, so a gateway of thousands of meters sends a few.
   */
  private static final int FILTERS_PER_SUBSCRIBE = 100;

  private final FleetStats stats = new FleetStats();
  private volatile PushEncoding pushEncoding = PushEncoding.PLAIN;
  private volatile boolean closed;

  public MqttFleet(FleetConfig cfg, MeterModel model, String brokerUri, int gatewayCount) {
    this(cfg, model, brokerUri, gatewayCount, GatewayLogin.ANONYMOUS);
  }

  public MqttFleet(
      FleetConfig cfg, MeterModel model, String brokerUri, int gatewayCount, GatewayLogin login) {
    this.cfg = cfg;
    this.brokerUri = brokerUri;
    this.login = login;
    this.meters = MeterFactory.build(cfg, model);
    int n = Math.max(1, Math.min(gatewayCount, Math.max(1, meters.size())));
    for (int g = 0; g < n; g++) {
      gateways.add(new Gateway(cfg.serialPrefix() + "-dcu-" + g));
    }
    for (int i = 0; i < meters.size(); i++) {
      SimulatedMeter m = meters.get(i);
      gateways.get(i % gateways.size()).meters.put(m.serial(), m);
    }
  }

  /**
   * How pushes go on the wire (plain unless set, before {@link #start()}): e.g. sealed with each
   * meter's keys.
   */
  public MqttFleet pushEncoding(PushEncoding encoding) {
    this.pushEncoding = encoding;
    return this;
  }

  public MqttFleet start() throws MqttException {
    PushSchedule schedule = new PushSchedule(cfg, System.nanoTime());
    for (Gateway g : gateways) {
      g.connect();
    }
    for (int i = 0; i < meters.size(); i++) {
      Gateway g = gateways.get(i % gateways.size());
      int index = i;
      SimulatedMeter m = meters.get(i);
      g.exec.schedule(
          () -> g.tick(index, m, schedule, 1), schedule.delayNanos(i, 1), TimeUnit.NANOSECONDS);
    }
    return this;
  }

  @Override
  public FleetStats stats() {
    return stats;
  }

  @Override
  public List<SimulatedMeter> meters() {
    return meters;
  }

  @Override
  public <T> T onMeter(SimulatedMeter meter, Callable<T> task) throws Exception {
    return gateways
        .get(meters.indexOf(meter) % gateways.size())
        .exec
        .submit(task)
        .get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    closed = true;
    for (Gateway g : gateways) {
      g.close();
    }
  }

  private record Outgoing(String topic, byte[] payload) {}

  /** Counts a QoS 1 publish once the broker's PUBACK completes it. */
  private record CountOnAck(AtomicLong accepted) implements IMqttActionListener {
    @Override
    public void onSuccess(IMqttToken token) {
      accepted.incrementAndGet();
    }

    @Override
    public void onFailure(IMqttToken token, Throwable cause) {
      log.debug(
          "publish to {} not acknowledged: {}",
          String.join(",", token.getTopics()),
          String.valueOf(cause));
    }
  }

  private final CountOnAck dataAcks = new CountOnAck(stats.dataAccepted);
  private final CountOnAck eventAcks = new CountOnAck(stats.eventsAccepted);
  private final CountOnAck otherAcks = new CountOnAck(new AtomicLong());

  /** One DCU: an MQTT client and the single thread that owns its meters' state. */
  private final class Gateway implements MqttCallbackExtended {
    final String clientId;
    final ScheduledExecutorService exec;
    final Map<String, SimulatedMeter> meters = new HashMap<>();
    final ArrayDeque<Outgoing> backlog = new ArrayDeque<>();
    boolean retryScheduled;
    MqttAsyncClient client;
    TopicSubscriptions commandTopics;
    long invokeId;

    Gateway(String clientId) {
      this.clientId = clientId;
      this.exec =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "sim-" + clientId);
                t.setDaemon(true);
                return t;
              });
    }

    void connect() throws MqttException {
      commandTopics =
          new TopicSubscriptions(
              meters.keySet().stream().sorted().map(MeterTopics::commands).toList(),
              1,
              FILTERS_PER_SUBSCRIBE);
      client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setCleanSession(true);
      o.setAutomaticReconnect(true);
      o.setMaxInflight(5_000);
      if (login.tls() != null) {
        o.setSocketFactory(login.tls());
      }
      String password = login.password(clientId);
      if (password != null) {
        o.setUserName(clientId);
        o.setPassword(password.toCharArray());
      }
      client.setCallback(this);
      client.connect(o).waitForCompletion(30_000);
      commandTopics.awaitGranted(Duration.ofSeconds(30));
      stats.connected.incrementAndGet();
    }

    /** A clean session forgets subscriptions, so they are made again on every connect. */
    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      commandTopics.subscribe(client);
    }

    /** On Paho's thread: hands the command to the thread that owns the meter. */
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      SimulatedMeter m =
          MeterTopics.serialOf(topic, MeterTopics.COMMANDS).map(meters::get).orElse(null);
      var command = GatewayRelayCommands.parse(message.getPayload());
      if (m == null || command.isEmpty() || closed) {
        log.debug("gateway {} ignored a message on {}", clientId, topic);
        return;
      }
      try {
        exec.execute(
            () -> {
              publish(
                  MeterTopics.replies(m.serial()), GatewayRelayCommands.execute(m, command.get()));
              stats.requestsServed.incrementAndGet();
              pushAlerts(m);
            });
      } catch (RejectedExecutionException e) {
        log.debug("gateway {} closing, command on {} dropped", clientId, topic);
      }
    }

    @Override
    public void connectionLost(Throwable cause) {
      log.debug("gateway {} lost its broker: {}", clientId, String.valueOf(cause));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}

    void tick(int index, SimulatedMeter m, PushSchedule schedule, long k) {
      if (closed) {
        return;
      }
      m.advanceTo(k);
      publish(
          MeterTopics.data(m.serial()),
          pushEncoding.encode(m.serial(), PushSchedule.instantPush(m, ++invokeId)));
      stats.pushes.incrementAndGet();
      pushAlerts(m);
      if (schedule.done(k + 1)) {
        stats.finished.incrementAndGet();
        return;
      }
      exec.schedule(
          () -> tick(index, m, schedule, k + 1),
          schedule.delayNanos(index, k + 1),
          TimeUnit.NANOSECONDS);
    }

    void pushAlerts(SimulatedMeter m) {
      for (var alert = PushSchedule.alertPush(m, ++invokeId);
          alert.isPresent();
          alert = PushSchedule.alertPush(m, ++invokeId)) {
        publish(MeterTopics.events(m.serial()), pushEncoding.encode(m.serial(), alert.get()));
        stats.events.incrementAndGet();
      }
    }

    void publish(String topic, byte[] payload) {
      backlog.add(new Outgoing(topic, payload));
      if (!retryScheduled) {
        drain();
      }
    }

    /** Publishes what Paho's in-flight window allows; the rest waits, as a DCU's queue does. */
    void drain() {
      retryScheduled = false;
      while (!backlog.isEmpty() && !closed) {
        Outgoing next = backlog.peek();
        try {
          MqttMessage msg = new MqttMessage(next.payload());
          msg.setQos(1);
          client.publish(next.topic(), msg, null, acksFor(next.topic()));
          backlog.poll();
        } catch (MqttException e) {
          if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT
              && e.getReasonCode() != MqttException.REASON_CODE_CLIENT_NOT_CONNECTED) {
            log.warn("gateway {} publish failed: {}", clientId, e.toString());
          }
          // one retry at a time: publishes made meanwhile join the backlog behind it
          retryScheduled = true;
          exec.schedule(this::drain, 20, TimeUnit.MILLISECONDS);
          return;
        }
      }
    }

    CountOnAck acksFor(String topic) {
      if (MeterTopics.isKind(topic, MeterTopics.DATA)) {
        return dataAcks;
      }
      return MeterTopics.isKind(topic, MeterTopics.EVENTS) ? eventAcks : otherAcks;
    }

    void close() {
      exec.shutdownNow();
      try {
        if (client != null && client.isConnected()) {
          client.disconnect().waitForCompletion(5_000);
        }
        if (client != null) {
          client.close();
        }
      } catch (MqttException e) {
        log.debug("gateway {} close: {}", clientId, e.toString());
      }
    }
  }
}
