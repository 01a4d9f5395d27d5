package org.urja.simulator.fleet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.model.MeterModel;
import org.urja.simulator.meter.SimulatedMeter;

/**
 * Meters behind data concentrators (RF mesh to a DCU, the DCU to an MQTT broker): each gateway is
 * one MQTT client publishing its meters' DataNotification APDUs, QoS 1, to
 * {@code meters/{serial}/data} and alert pushes to {@code meters/{serial}/events}.
 */
public final class MqttFleet implements Fleet {
  private static final Logger log = LoggerFactory.getLogger(MqttFleet.class);

  private final FleetConfig cfg;
  private final String brokerUri;
  private final List<SimulatedMeter> meters;
  private final List<Gateway> gateways = new ArrayList<>();
  private final FleetStats stats = new FleetStats();
  private volatile boolean closed;

  public MqttFleet(FleetConfig cfg, MeterModel model, String brokerUri, int gatewayCount) {
    this.cfg = cfg;
    this.brokerUri = brokerUri;
    this.meters = MeterFactory.build(cfg, model);
    int n = Math.max(1, Math.min(gatewayCount, Math.max(1, meters.size())));
    for (int g = 0; g < n; g++) {
      gateways.add(new Gateway(cfg.serialPrefix() + "-dcu-" + g));
    }
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
      g.exec.schedule(() -> g.tick(index, m, schedule, 1), schedule.delayNanos(i, 1), TimeUnit.NANOSECONDS);
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
    return gateways.get(meters.indexOf(meter) % gateways.size()).exec.submit(task).get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    closed = true;
    for (Gateway g : gateways) {
      g.close();
    }
  }

  /** One DCU: an MQTT client and the single thread that owns its meters' state. */
  private final class Gateway {
    final String clientId;
    final ScheduledExecutorService exec;
    final ArrayDeque<Object[]> backlog = new ArrayDeque<>();
    MqttAsyncClient client;
    long invokeId;

    Gateway(String clientId) {
      this.clientId = clientId;
      this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-" + clientId);
        t.setDaemon(true);
        return t;
      });
    }

    void connect() throws MqttException {
      client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setCleanSession(true);
      o.setAutomaticReconnect(true);
      o.setMaxInflight(5_000);
      client.connect(o).waitForCompletion(30_000);
      stats.connected.incrementAndGet();
    }

    void tick(int index, SimulatedMeter m, PushSchedule schedule, long k) {
      if (closed) {
        return;
      }
      m.advanceTo(k);
      publish("meters/" + m.serial() + "/data", PushSchedule.instantPush(m, ++invokeId));
      stats.pushes.incrementAndGet();
      for (var alert = PushSchedule.alertPush(m, ++invokeId); alert.isPresent(); alert = PushSchedule.alertPush(m, ++invokeId)) {
        publish("meters/" + m.serial() + "/events", alert.get());
        stats.events.incrementAndGet();
      }
      if (schedule.done(k + 1)) {
        stats.finished.incrementAndGet();
        return;
      }
      exec.schedule(() -> tick(index, m, schedule, k + 1), schedule.delayNanos(index, k + 1), TimeUnit.NANOSECONDS);
    }

    void publish(String topic, DataNotification n) {
      backlog.add(new Object[] {topic, n.encode()});
      drain();
    }

    /** Publishes what Paho's in-flight window allows; the rest waits, as a DCU's queue does. */
    void drain() {
      while (!backlog.isEmpty() && !closed) {
        Object[] next = backlog.peek();
        try {
          MqttMessage msg = new MqttMessage((byte[]) next[1]);
          msg.setQos(1);
          client.publish((String) next[0], msg);
          backlog.poll();
        } catch (MqttException e) {
          if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT
              && e.getReasonCode() != MqttException.REASON_CODE_CLIENT_NOT_CONNECTED) {
            log.warn("gateway {} publish failed: {}", clientId, e.toString());
          }
          exec.schedule(this::drain, 20, TimeUnit.MILLISECONDS);
          return;
        }
      }
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
