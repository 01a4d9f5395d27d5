package org.urja.headend.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.urja.headend.api.ApiSettings;
import org.urja.headend.chatbot.ChatbotSettings;
import org.urja.headend.commands.mqtt.MqttRelayConfig;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.documents.DocumentLinkSettings;
import org.urja.headend.http.HttpSettings;
import org.urja.headend.notify.MqttChannelSettings;
import org.urja.headend.prepaid.PrepaidSettings;
import org.urja.headend.reads.ReadsSettings;
import org.urja.headend.selfcare.SelfcareSettings;
import org.urja.ingest.mqtt.BrokerSettings;
import org.urja.ingest.mqtt.MqttIngestConfig;
import org.urja.ingest.mqtt.MqttProtocol;
import org.urja.ingest.mqtt.SessionAdoptionConfig;
import org.urja.ingest.mqtt.TlsFiles;
import org.urja.ingest.store.BatchWriterConfig;
import org.urja.ingest.store.UnknownMeterPolicy;
import org.urja.ingest.tcp.IdentityRules;
import org.urja.ingest.tcp.QuestionLimits;
import org.urja.ingest.tcp.TcpIngestConfig;
import org.urja.protocol.security.SystemTitles;

/**
 * The edge where the node's configuration becomes typed settings, one record per wing: every
 * configuration key is read here and nowhere else, so a wrong value stops the node before anything
 * starts, with the key's name in the message.
 */
public record NodeSettings(
    StorageWing.Settings storage,
    IngestWing.Settings ingest,
    PrepaidWing.Settings prepaid,
    CommandsWing.Settings commands,
    WebWing.Settings web) {

  /**
   * @param mqttUri the broker ({@code mqtt.uri}, or the demo's embedded one); none: MQTT off
   */
  public static NodeSettings from(UrjaConfig cfg, Optional<String> mqttUri) {
    ZoneId zone = zone(cfg);
    return new NodeSettings(
        storage(cfg),
        ingest(cfg, mqttUri),
        prepaid(cfg, mqttUri),
        commands(cfg, mqttUri, zone),
        web(cfg, zone, mqttUri));
  }

  /** The prepaid engine's settings alone (tools and tests that run the engine without a node). */
  public static PrepaidSettings prepaidEngine(UrjaConfig cfg) {
    Optional<PrepaidSettings.Webhook> webhook =
        cfg.optional("notify.webhook.url")
            .map(
                url ->
                    new PrepaidSettings.Webhook(
                        URI.create(url), cfg.string("notify.webhook.secret")));
    return new PrepaidSettings(
        zone(cfg),
        cfg.integer("prepaid.charging.lanes"),
        cfg.integer("prepaid.charging.priority.below.paise"),
        webhook,
        cfg.duration("relay.backoff.first"),
        cfg.duration("relay.backoff.max"));
  }

  /** The retention the schema is migrated with ({@code storage.retention}). */
  public static String retention(UrjaConfig cfg) {
    return cfg.string("storage.retention");
  }

  /** The age after which TimescaleDB compresses chunks ({@code storage.compress.after}). */
  public static String compressAfter(UrjaConfig cfg) {
    return cfg.string("storage.compress.after");
  }

  private static StorageWing.Settings storage(UrjaConfig cfg) {
    return new StorageWing.Settings(
        retention(cfg),
        compressAfter(cfg),
        cfg.integer("partitions.days.back"),
        cfg.integer("partitions.days.ahead"),
        cfg.optional("keys.master"),
        Boolean.parseBoolean(cfg.string("keys.master.generate")),
        cfg.integer("keys.invocation.block"));
  }

  private static IngestWing.Settings ingest(UrjaConfig cfg, Optional<String> mqttUri) {
    long maxRows = cfg.integer("store.queue.max.rows");
    BatchWriterConfig writer =
        BatchWriterConfig.defaults()
            .withWriterThreads(cfg.integer("store.writers"))
            .withBatch(cfg.integer("store.batch.rows"), cfg.duration("store.batch.linger"))
            .withQueueBounds(maxRows, maxRows / 2);
    TcpIngestConfig tcp =
        new TcpIngestConfig(
            cfg.string("tcp.bind"),
            cfg.integer("tcp.port"),
            cfg.integer("tcp.max.apdu"),
            cfg.duration("tcp.idle.timeout"),
            cfg.integer("tcp.io.threads"),
            cfg.integer("tcp.cipher.threads"));
    Optional<MqttIngestConfig> mqtt =
        mqttUri.map(
            uri ->
                new MqttIngestConfig(
                    broker(cfg, uri, ""),
                    List.of(cfg.string("mqtt.topics").split("\\s*,\\s*")),
                    cfg.integer("mqtt.max.attempts"),
                    adoption(cfg)));
    return new IngestWing.Settings(
        cfg.optional("meter.models.dir").map(Path::of),
        cfg.duration("meter.models.cache.ttl"),
        unknownMeters(cfg),
        cfg.duration("ingest.clock.tolerance"),
        writer,
        tcp,
        Boolean.parseBoolean(cfg.string("meter.learn.first.contact")),
        new QuestionLimits(
            cfg.integer("meter.learn.in.flight"),
            cfg.integer("meter.learn.attempts"),
            cfg.duration("meter.learn.retry.pause")),
        new IdentityRules(
            cfg.duration("tcp.identity.probe.timeout"), cfg.duration("tcp.identity.contest.every")),
        mqtt,
        cfg.optional("node.id").orElseGet(NodeSettings::nodeId));
  }

  /** Live nodes adopting a departed node's MQTT session (used only with shared topics). */
  private static SessionAdoptionConfig adoption(UrjaConfig cfg) {
    SessionAdoptionConfig a =
        Boolean.parseBoolean(cfg.string("mqtt.adopt"))
            ? SessionAdoptionConfig.DEFAULTS
            : SessionAdoptionConfig.off();
    return a.withTimes(cfg.duration("mqtt.heartbeat"), cfg.duration("mqtt.adopt.after"));
  }

  private static PrepaidWing.Settings prepaid(UrjaConfig cfg, Optional<String> mqttUri) {
    Optional<MqttChannelSettings> overMqtt =
        mqttUri
            .filter(uri -> Boolean.parseBoolean(cfg.string("notify.mqtt")))
            .map(
                uri ->
                    new MqttChannelSettings(broker(cfg, uri, "-notify"), Duration.ofSeconds(10)));
    return new PrepaidWing.Settings(
        prepaidEngine(cfg),
        cfg.duration("prepaid.policy.every"),
        cfg.duration("billing.run.every"),
        overMqtt,
        cfg.optional("notify.seal.key"));
  }

  private static CommandsWing.Settings commands(
      UrjaConfig cfg, Optional<String> mqttUri, ZoneId zone) {
    Optional<MqttRelayConfig> relayOverMqtt =
        mqttUri.map(
            uri ->
                new MqttRelayConfig(
                    broker(cfg, uri, "-relay"), cfg.duration("mqtt.relay.timeout")));
    ReadsSettings reads =
        new ReadsSettings(
            cfg.integer("reads.dial.max"),
            cfg.duration("reads.dial.connect.timeout"),
            cfg.duration("reads.dial.idle"),
            cfg.integer("reads.dial.io.threads"),
            cfg.duration("reads.every"),
            cfg.duration("reads.backfill.after.connect"),
            cfg.duration("reads.lookback"),
            cfg.duration("reads.capture.period"),
            zone);
    return new CommandsWing.Settings(
        clientSystemTitle(cfg),
        cfg.duration("dlms.response.timeout"),
        relayOverMqtt,
        cfg.integer("relay.max.inflight"),
        cfg.duration("relay.poll.every"),
        reads,
        cfg.integer("relay.db.pool.size"));
  }

  private static WebWing.Settings web(UrjaConfig cfg, ZoneId zone, Optional<String> mqttUri) {
    HttpSettings http =
        new HttpSettings(
            cfg.string("http.bind"),
            cfg.integer("http.port"),
            cfg.duration("http.read.timeout"),
            cfg.integer("http.threads"),
            cfg.integer("http.queue"),
            cfg.integer("http.max.body"),
            cfg.integer("http.max.connections"));
    ApiSettings api =
        new ApiSettings(
            List.of(cfg.string("api.gateway.tokens").split("\\s*,\\s*")),
            List.of(cfg.string("api.operator.tokens").split("\\s*,\\s*")),
            zone);
    DocumentLinkSettings documents =
        new DocumentLinkSettings(
            cfg.optional("documents.link.key"),
            cfg.string("documents.base.url"),
            cfg.duration("documents.link.ttl"));
    // the ledger's dispatcher delivers consumer messages on these: the channels the prepaid engine
    // configures
    List<String> channels = new ArrayList<>(List.of("log"));
    cfg.optional("notify.webhook.url").ifPresent(u -> channels.add("webhook"));
    // as prepaid(): complaint and outage messages reach MQTT consumers like balance alerts do
    mqttUri
        .filter(uri -> Boolean.parseBoolean(cfg.string("notify.mqtt")))
        .ifPresent(uri -> channels.add("mqtt"));
    SelfcareSettings selfcare =
        new SelfcareSettings(
            cfg.duration("selfcare.otp.ttl"),
            cfg.string("selfcare.recharge.url"),
            cfg.string("selfcare.contact"),
            cfg.integer("outage.min.meters"),
            cfg.duration("outage.window"),
            channels,
            cfg.optional("notify.seal.key"),
            zone);
    ChatbotSettings chatbot =
        new ChatbotSettings(
            cfg.string("chatbot.app.secret"),
            cfg.string("chatbot.verify.token"),
            cfg.string("chatbot.graph.url"),
            cfg.optional("chatbot.phone.number.id"),
            cfg.optional("chatbot.access.token"));
    return new WebWing.Settings(
        http,
        cfg.duration("health.db.timeout"),
        cfg.duration("health.queue.stall"),
        api,
        selfcare,
        chatbot,
        documents);
  }

  private static byte[] clientSystemTitle(UrjaConfig cfg) {
    try {
      return SystemTitles.parse(cfg.string("dlms.client.system.title"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("setting dlms.client.system.title: " + e.getMessage(), e);
    }
  }

  /**
   * The broker settings every MQTT client of this node shares; each client's id is mqtt.client.id +
   * suffix.
   */
  private static BrokerSettings broker(UrjaConfig cfg, String uri, String clientIdSuffix) {
    TlsFiles tls =
        new TlsFiles(
            cfg.optional("mqtt.tls.ca").map(Path::of).orElse(null),
            cfg.optional("mqtt.tls.cert").map(Path::of).orElse(null),
            cfg.optional("mqtt.tls.key").map(Path::of).orElse(null));
    return new BrokerSettings(
        uri,
        cfg.string("mqtt.client.id") + clientIdSuffix,
        cfg.optional("mqtt.username").orElse(null),
        cfg.optional("mqtt.password").orElse(null),
        tls,
        MqttProtocol.parse(cfg.string("mqtt.version")),
        cfg.duration("mqtt.session.expiry"));
  }

  private static UnknownMeterPolicy unknownMeters(UrjaConfig cfg) {
    String v = cfg.string("store.unknown.meters");
    try {
      return UnknownMeterPolicy.valueOf(v.toUpperCase());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "setting store.unknown.meters must be one of "
              + List.of(UnknownMeterPolicy.values())
              + ", got '"
              + v
              + "'");
    }
  }

  private static ZoneId zone(UrjaConfig cfg) {
    String v = cfg.string("utility.zone");
    try {
      return ZoneId.of(v);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "setting utility.zone must be a time zone such as Asia/Kolkata, got '" + v + "'");
    }
  }

  /**
   * Host name and a random suffix: unique per running node, so a restart never inherits stale rows.
   */
  private static String nodeId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "node";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
