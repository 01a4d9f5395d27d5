package org.urja.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.reading.ReadingSink;
import org.urja.ingest.session.MeterSightings;
import org.urja.ingest.store.BatchWriter;
import org.urja.ingest.store.BatchWriterConfig;
import org.urja.ingest.store.MeterDirectory;
import org.urja.ingest.store.UnknownMeterPolicy;
import org.urja.protocol.model.MeterModelCatalog;

/**
 * Live nodes adopt the MQTT session of a node that left a shared subscription, through a real
 * Mosquitto 2 (the configuration of docs/mosquitto) and a real store: with the production session
 * expiry, what Mosquitto routed to the departed node's session is drained by a live node and stored
 * once, and the session is gone afterwards. An owner that comes back takes its session back.
 *
 * <p>Not on the embedded Moquette: its 0.17 speaks neither MQTT 5 nor shared subscriptions.
 */
class MqttSessionAdoptionTest extends PostgresTestSupport {
  static final String METER = "MTR0001";
  static final SessionAdoptionConfig QUICK =
      new SessionAdoptionConfig(
          true, Duration.ofMillis(300), Duration.ofMillis(1500), Duration.ofSeconds(1));

  MosquittoBroker broker;
  BatchWriter writer;
  final List<MqttIngest> nodes = new ArrayList<>();
  MqttAsyncClient meter;
  int published;

  @BeforeAll
  void startMosquittoAndStore() throws Exception {
    Optional<Path> mosquitto = MosquittoBroker.executable();
    assumeTrue(
        mosquitto.isPresent(),
        "mosquitto is not installed (apt-get install mosquitto, as .ci/mosquitto-deps.sh does): the session adoption test is skipped");
    broker =
        MosquittoBroker.start(
            mosquitto.get(), Path.of("..", "docs", "mosquitto"), MosquittoBrokerTest.USERS);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    writer =
        new BatchWriter(
            dataSource(),
            new MeterDirectory(dataSource(), UnknownMeterPolicy.AUTO_REGISTER, registry),
            BatchWriterConfig.defaults().withBatch(200, Duration.ofMillis(10)),
            registry);
  }

  @AfterAll
  void stopMosquittoAndStore() {
    if (writer != null) {
      writer.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void emptyTablesAndConnectTheMeter() throws Exception {
    truncate(
        "mqtt_subscriptions",
        "mqtt_delivery_attempts",
        "mqtt_session_heartbeats",
        "dead_letters",
        "readings");
    published = 0;
    meter = deviceClient();
  }

  @AfterEach
  void stopNodes() throws Exception {
    for (MqttIngest n : nodes) {
      n.close();
    }
    nodes.clear();
    MosquittoBrokerTest.close(meter);
  }

  /** The store, seen through a wrapper that may hold every commit back until the test lets go. */
  static final class Gate implements ReadingSink {
    final ReadingSink store;
    final AtomicBoolean held = new AtomicBoolean();
    final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    final AtomicInteger submitted = new AtomicInteger();

    Gate(ReadingSink store) {
      this.store = store;
    }

    @Override
    public CompletableFuture<?> submit(List<Reading> readings, List<MeterEvent> events) {
      submitted.incrementAndGet();
      if (!held.get()) {
        return store.submit(readings, events);
      }
      CompletableFuture<Object> later = new CompletableFuture<>();
      waiting.add(
          () -> store.submit(readings, events).whenComplete((ok, err) -> complete(later, ok, err)));
      return later;
    }

    void release() {
      held.set(false);
      Runnable r;
      while ((r = waiting.poll()) != null) {
        r.run();
      }
    }

    private static void complete(CompletableFuture<Object> f, Object ok, Throwable err) {
      if (err == null) {
        f.complete(ok);
      } else {
        f.completeExceptionally(err);
      }
    }

    @Override
    public boolean hasCapacity() {
      return store.hasCapacity();
    }

    @Override
    public void addCapacityListener(Consumer<Boolean> listener) {
      store.addCapacityListener(listener);
    }
  }

  record Node(MqttIngest ingest, SimpleMeterRegistry registry, Gate gate) {
    double adopted() {
      return registry.counter("urja.ingest.mqtt.sessions.adopted").count();
    }

    double drained() {
      return registry.counter("urja.ingest.mqtt.adoption.messages").count();
    }
  }

  Node node(String clientId, String group, MqttProtocol protocol) throws Exception {
    return node(clientId, group, protocol, QUICK);
  }

  Node node(String clientId, String group, MqttProtocol protocol, SessionAdoptionConfig adoption)
      throws Exception {
    BrokerSettings settings =
        new BrokerSettings(
            broker.headEndUri(),
            clientId,
            MosquittoBrokerTest.HES,
            MosquittoBroker.PASSWORD,
            broker.headEndTls(),
            protocol,
            Duration.ofHours(1));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Gate gate = new Gate(writer);
    MqttIngest ingest =
        new MqttIngest(
                new MqttIngestConfig(settings, List.of("$share/" + group + "/meters/+/data"), 3)
                    .withAdoption(adoption),
                gate,
                s -> MeterModelCatalog.bundled().defaultModel(),
                MeterSightings.NONE,
                new IngestMetrics(registry),
                MqttIngestState.in(dataSource()))
            .start();
    nodes.add(ingest);
    return new Node(ingest, registry, gate);
  }

  MqttAsyncClient deviceClient() throws Exception {
    BrokerSettings settings =
        new BrokerSettings(
            broker.deviceUri(),
            METER + "-conn",
            METER,
            MosquittoBroker.PASSWORD,
            broker.deviceTls(),
            MqttProtocol.V5,
            Duration.ZERO);
    MqttAsyncClient c =
        new MqttAsyncClient(settings.uri(), settings.clientId(), new MemoryPersistence());
    var o = MqttClients.v5Options(settings, 1_000);
    o.setCleanStart(true);
    c.connect(o).waitForCompletion(20_000);
    return c;
  }

  /** Publishes {@code n} distinct readings at QoS 1; each returns once the broker PUBACKed it. */
  void publish(int n) throws Exception {
    for (int i = 0; i < n; i++) {
      assertThat(
              MosquittoBrokerTest.publish(
                  meter, "meters/" + METER + "/data", MosquittoBrokerTest.json(METER, published)))
          .isZero();
      published++;
    }
  }

  long stored() {
    return queryLong("SELECT count(*) FROM readings");
  }

  long heartbeatRows(String clientId) {
    return queryLong(
        "SELECT count(*) FROM mqtt_session_heartbeats WHERE client_id = '" + clientId + "'");
  }

  /** Whether the broker still holds a session under this client id (MQTT 5 CONNACK). */
  boolean brokerHoldsSession(String clientId) throws Exception {
    BrokerSettings settings =
        new BrokerSettings(
            broker.headEndUri(),
            clientId,
            MosquittoBrokerTest.HES,
            MosquittoBroker.PASSWORD,
            broker.headEndTls(),
            MqttProtocol.V5,
            Duration.ZERO);
    MqttAsyncClient probe = new MqttAsyncClient(settings.uri(), clientId, new MemoryPersistence());
    var o = MqttClients.v5Options(settings, 10);
    o.setAutomaticReconnect(false);
    var token = probe.connect(o);
    token.waitForCompletion(20_000);
    boolean present = token.getSessionPresent();
    MosquittoBrokerTest.close(probe);
    return present;
  }

  void aDepartedNodesShareIsStoredOnceAndItsSessionEnds(MqttProtocol protocol, String group)
      throws Exception {
    Node a = node(group + "-a", group, protocol);
    Node b = node(group + "-b", group, protocol);
    Node c = node(group + "-c", group, protocol);
    publish(60);
    await().atMost(Duration.ofSeconds(30)).until(() -> stored() == 60);
    assertThat(c.gate().submitted.get()).isPositive();

    c.ingest().close(); // node C leaves and never comes back; its session stays in the broker
    nodes.remove(c.ingest());
    publish(300); // a third of these is routed to C's session until it is adopted

    await().atMost(Duration.ofSeconds(90)).until(() -> stored() == 360);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> a.adopted() + b.adopted() == 1 && heartbeatRows(group + "-c") == 0);
    assertThat(a.drained() + b.drained()).isPositive();
    assertThat(
            queryLong(
                "SELECT count(*) FROM mqtt_subscriptions WHERE client_id = '" + group + "-c'"))
        .isZero();
    assertThat(queryLong("SELECT count(*) FROM dead_letters")).isZero();

    publish(60); // C's session is gone: nothing is routed to it any more
    await().atMost(Duration.ofSeconds(30)).until(() -> stored() == 420);
    assertThat(stored()).isEqualTo(published);
    assertThat(a.adopted() + b.adopted()).isEqualTo(1);
    if (protocol == MqttProtocol.V5) {
      assertThat(brokerHoldsSession(group + "-c")).isFalse();
    }
  }

  @Test
  void overMqtt5ANodeThatLeavesForGoodLosesNothingALiveNodeAdoptsItsSession() throws Exception {
    aDepartedNodesShareIsStoredOnceAndItsSessionEnds(MqttProtocol.V5, "adopt5");
  }

  @Test
  void overMqtt311ANodeThatLeavesForGoodLosesNothingALiveNodeAdoptsItsSession() throws Exception {
    aDepartedNodesShareIsStoredOnceAndItsSessionEnds(MqttProtocol.V3_1_1, "adopt3");
  }

  @Test
  void anOwnerBackBeforeTheAdoptionTimeKeepsItsSessionAndEverythingIsStored() throws Exception {
    String group = "back-soon";
    // adopted only after 30 s: the owner is back long before
    SessionAdoptionConfig patient = QUICK.withTimes(Duration.ofMillis(300), Duration.ofSeconds(30));
    Node a = node(group + "-a", group, MqttProtocol.V5, patient);
    Node b = node(group + "-b", group, MqttProtocol.V5, patient);
    publish(40);
    b.ingest().close();
    nodes.remove(b.ingest());
    publish(100);
    Node again = node(group + "-b", group, MqttProtocol.V5, patient);
    await().atMost(Duration.ofSeconds(60)).until(() -> stored() == 140);
    assertThat(again.gate().submitted.get()).isPositive();
    publish(40);
    await().atMost(Duration.ofSeconds(30)).until(() -> stored() == 180);
    assertThat(a.adopted()).isZero();
    assertThat(heartbeatRows(group + "-b")).isOne();
  }

  @Test
  void anOwnerBackDuringAnAdoptionTakesItsSessionBackAndNothingIsLost() throws Exception {
    String group = "back-late";
    Node a = node(group + "-a", group, MqttProtocol.V5);
    Node b = node(group + "-b", group, MqttProtocol.V5);
    publish(40);
    await().atMost(Duration.ofSeconds(30)).until(() -> stored() == 40);
    b.ingest().close();
    nodes.remove(b.ingest());
    a.gate().held.set(true); // A's commits wait: its adoption of B cannot finish
    publish(100);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                queryLong(
                        "SELECT count(*) FROM mqtt_session_heartbeats WHERE client_id = '"
                            + group
                            + "-b' AND adopted_by = '"
                            + group
                            + "-a'")
                    == 1);
    // all 100 wait in A's gate: A's own share and, through the adopter, B's; none is acknowledged
    // when B comes back
    await().atMost(Duration.ofSeconds(60)).until(() -> a.gate().waiting.size() >= 100);
    Node again = node(group + "-b", group, MqttProtocol.V5);
    assertThat(
            queryLong("SELECT count(*) FROM mqtt_session_heartbeats WHERE adopted_by IS NOT NULL"))
        .isZero();
    a.gate().release(); // A's late commits: their PUBACKs go nowhere, B gets them again
    await().atMost(Duration.ofSeconds(60)).until(() -> stored() == 140);
    publish(40);
    await().atMost(Duration.ofSeconds(30)).until(() -> stored() == 180);
    await().atMost(Duration.ofSeconds(30)).until(() -> again.ingest().isConnected());
    assertThat(a.adopted()).isZero();
    assertThat(heartbeatRows(group + "-b")).isOne();
    assertThat(nodes).allMatch(MqttIngest::isConnected);
  }
}
