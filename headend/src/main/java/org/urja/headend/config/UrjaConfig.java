package org.urja.headend.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.urja.protocol.mqtt.MeterTopics;

/**
 * The head-end's settings. Read in this order, later winning: built-in defaults, a properties file
 * ({@code --config}), environment variables (URJA_DB_URL → {@code db.url}: upper-case, dots as
 * underscores, URJA_ prefix). Every key is listed in the README's configuration table.
 */
public final class UrjaConfig {
  private static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry("db.url", ""),
          Map.entry("db.user", "postgres"),
          Map.entry("db.password", ""),
          Map.entry("db.pool.size", "12"),
          Map.entry("db.embedded.dir", ""),
          Map.entry("db.embedded.port", "0"),
          Map.entry("tcp.bind", "0.0.0.0"),
          Map.entry("tcp.port", "4059"),
          Map.entry("tcp.max.apdu", "4096"),
          Map.entry("tcp.idle.timeout", "PT1H"),
          Map.entry("tcp.io.threads", "0"),
          Map.entry("tcp.cipher.threads", "4"),
          Map.entry("mqtt.uri", ""),
          Map.entry("mqtt.client.id", "urja-hes-1"),
          Map.entry("mqtt.topics", String.join(",", MeterTopics.INGEST_FILTERS)),
          Map.entry("mqtt.username", ""),
          Map.entry("mqtt.password", ""),
          Map.entry("mqtt.embedded.port", "1883"),
          Map.entry("mqtt.version", "auto"),
          Map.entry("mqtt.session.expiry", "PT1H"),
          Map.entry("mqtt.max.attempts", "3"),
          Map.entry("mqtt.adopt", "true"),
          Map.entry("mqtt.heartbeat", "PT5S"),
          Map.entry("mqtt.adopt.after", "PT15S"),
          Map.entry("mqtt.tls.ca", ""),
          Map.entry("mqtt.tls.cert", ""),
          Map.entry("mqtt.tls.key", ""),
          Map.entry("http.port", "8080"),
          Map.entry("health.db.timeout", "PT2S"),
          Map.entry("health.queue.stall", "PT60S"),
          Map.entry("http.bind", "0.0.0.0"),
          Map.entry("http.read.timeout", "PT10S"),
          Map.entry("http.threads", "16"),
          Map.entry("http.queue", "200"),
          Map.entry("http.max.body", "1048576"),
          Map.entry("http.max.connections", "2000"),
          Map.entry("store.batch.rows", "5000"),
          Map.entry("store.batch.linger", "PT0.05S"),
          Map.entry("store.writers", "2"),
          Map.entry("store.queue.max.rows", "200000"),
          Map.entry("store.unknown.meters", "QUARANTINE"),
          Map.entry("ingest.clock.tolerance", "PT15M"),
          Map.entry("tcp.identity.probe.timeout", "PT10S"),
          Map.entry("tcp.identity.contest.every", "PT1M"),
          Map.entry("partitions.days.ahead", "7"),
          Map.entry("partitions.days.back", "30"),
          Map.entry("storage.retention", "3 years"),
          Map.entry("storage.compress.after", "1 day"),
          Map.entry("utility.zone", "Asia/Kolkata"),
          Map.entry("meter.models.dir", ""),
          Map.entry("meter.models.cache.ttl", "PT5M"),
          Map.entry("meter.learn.first.contact", "true"),
          Map.entry("meter.learn.in.flight", "64"),
          Map.entry("meter.learn.attempts", "3"),
          Map.entry("meter.learn.retry.pause", "PT2S"),
          Map.entry("prepaid.policy.every", "PT1M"),
          Map.entry("prepaid.charging.lanes", "2"),
          Map.entry("prepaid.charging.priority.below.paise", "10000"),
          Map.entry("node.id", ""),
          Map.entry("relay.poll.every", "PT0.5S"),
          Map.entry("relay.max.inflight", "200"),
          Map.entry("relay.db.pool.size", "4"),
          Map.entry("reads.dial.max", "64"),
          Map.entry("reads.dial.connect.timeout", "PT10S"),
          Map.entry("reads.dial.idle", "PT30S"),
          Map.entry("reads.dial.io.threads", "2"),
          Map.entry("reads.every", "PT5M"),
          Map.entry("reads.backfill.after.connect", "PT1M"),
          Map.entry("reads.lookback", "P2D"),
          Map.entry("reads.capture.period", "PT15M"),
          Map.entry("relay.backoff.first", "PT1M"),
          Map.entry("relay.backoff.max", "PT15M"),
          // associations come from each meter's model and keys
          // (org.urja.headend.commands.ModelAssociationPolicy);
          // the head-end's system title ("URJ" + 00000001) in the AARQ of every ciphered
          // association
          Map.entry("dlms.client.system.title", "55524A0000000001"),
          Map.entry("dlms.response.timeout", "PT10S"),
          Map.entry("mqtt.relay.timeout", "PT30S"),
          Map.entry("notify.mqtt", "true"),
          Map.entry("notify.webhook.url", ""),
          Map.entry("notify.webhook.secret", ""),
          Map.entry("notify.seal.key", ""),
          Map.entry("api.gateway.tokens", ""),
          Map.entry("api.operator.tokens", ""),
          // meters' DLMS keys and counters (org.urja.ingest.keys)
          Map.entry("keys.master", ""),
          Map.entry("keys.master.generate", "false"),
          Map.entry("keys.invocation.block", "1000"),
          // consumer self-service, chatbot, outages (org.urja.headend.selfcare / chatbot)
          Map.entry("selfcare.otp.ttl", "PT10M"),
          // none: each utility's paymentLinkTemplate, and no link where a utility has none
          Map.entry("selfcare.recharge.url", ""),
          Map.entry("selfcare.contact", "Helpline 1912 (24x7)"),
          Map.entry("outage.min.meters", "3"),
          Map.entry("outage.window", "PT30M"),
          Map.entry("chatbot.app.secret", ""),
          Map.entry("chatbot.verify.token", ""),
          Map.entry("chatbot.graph.url", "https://graph.facebook.com/v19.0"),
          Map.entry("chatbot.phone.number.id", ""),
          Map.entry("chatbot.access.token", ""),
          // postpaid bills and the signed links to bill and receipt PDFs (org.urja.headend.billing
          // / documents)
          Map.entry("billing.run.every", "PT6H"),
          Map.entry("documents.link.key", ""),
          Map.entry("documents.link.ttl", "P7D"),
          Map.entry("documents.base.url", "http://localhost:8080"));

  private final Properties props = new Properties();
  // keys set by a file, the environment or with(): a command's own default must not override them
  private final Set<String> given = new HashSet<>();

  private UrjaConfig() {
    props.putAll(DEFAULTS);
  }

  public static UrjaConfig load(Optional<Path> file, Map<String, String> env) throws IOException {
    UrjaConfig c = new UrjaConfig();
    if (file.isPresent()) {
      try (Reader r = Files.newBufferedReader(file.get())) {
        Properties p = new Properties();
        p.load(r);
        for (String k : p.stringPropertyNames()) {
          c.requireKnown(k, "in " + file.get());
          c.props.setProperty(k, p.getProperty(k).trim());
          c.given.add(k);
        }
      }
    }
    for (String key : DEFAULTS.keySet()) {
      String v = env.get(envName(key));
      if (v != null) {
        c.props.setProperty(key, v.trim());
        c.given.add(key);
      }
    }
    return c;
  }

  public static UrjaConfig defaults() {
    return new UrjaConfig();
  }

  public static String envName(String key) {
    return "URJA_" + key.toUpperCase().replace('.', '_');
  }

  public static Map<String, String> defaultsTable() {
    return DEFAULTS;
  }

  public UrjaConfig with(String key, String value) {
    requireKnown(key, "");
    props.setProperty(key, value);
    given.add(key);
    return this;
  }

  /** A command's own default (the demo auto-registers meters): applies unless the key was given. */
  public UrjaConfig withDefault(String key, String value) {
    requireKnown(key, "");
    if (!given.contains(key)) {
      props.setProperty(key, value);
    }
    return this;
  }

  private void requireKnown(String key, String where) {
    if (!DEFAULTS.containsKey(key)) {
      throw new IllegalArgumentException(
          "unknown setting '"
              + key
              + "' "
              + where
              + "; known: "
              + new java.util.TreeSet<>(DEFAULTS.keySet()));
    }
  }

  public String string(String key) {
    return props.getProperty(key, "");
  }

  public Optional<String> optional(String key) {
    String v = string(key);
    return v.isBlank() ? Optional.empty() : Optional.of(v);
  }

  public int integer(String key) {
    try {
      return Integer.parseInt(string(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "setting " + key + " must be an integer, got '" + string(key) + "'");
    }
  }

  public Duration duration(String key) {
    try {
      return Duration.parse(string(key));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "setting "
              + key
              + " must be an ISO-8601 duration such as PT1H, got '"
              + string(key)
              + "'");
    }
  }
}
