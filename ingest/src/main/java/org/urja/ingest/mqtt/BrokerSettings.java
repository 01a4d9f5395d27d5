package org.urja.ingest.mqtt;

import java.time.Duration;
import java.util.Objects;

/**
 * How one head-end (or simulator) MQTT client reaches the broker: the same settings for ingest,
 * relay commands and notifications, each with its own client id.
 *
 * @param uri {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param clientId unique per client and node; with a persistent session the broker keeps
 *     subscriptions and queued QoS 1 messages under it while the client is away
 * @param username null for an anonymous broker
 * @param password with {@code username}; null is an empty password
 * @param tls PEM files used with {@code ssl://}; {@link TlsFiles#NONE} trusts the JVM's store
 * @param protocol the MQTT level to speak (only ingest uses 5; the others speak 3.1.1)
 * @param sessionExpiry MQTT 5: how long the broker keeps a persistent session after its client went
 *     away; a node that left for good stops holding readings once it has passed
 */
public record BrokerSettings(
    String uri,
    String clientId,
    String username,
    String password,
    TlsFiles tls,
    MqttProtocol protocol,
    Duration sessionExpiry) {

  public BrokerSettings {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(clientId, "clientId");
    tls = tls == null ? TlsFiles.NONE : tls;
    protocol = protocol == null ? MqttProtocol.AUTO : protocol;
    sessionExpiry = sessionExpiry == null ? Duration.ofHours(1) : sessionExpiry;
    if (sessionExpiry.isNegative() || sessionExpiry.toSeconds() > 0xFFFF_FFFEL) {
      throw new IllegalArgumentException("mqtt.session.expiry out of range: " + sessionExpiry);
    }
  }

  public static BrokerSettings anonymous(String uri, String clientId) {
    return new BrokerSettings(
        uri, clientId, null, null, TlsFiles.NONE, MqttProtocol.AUTO, Duration.ofHours(1));
  }

  public BrokerSettings withClientId(String id) {
    return new BrokerSettings(uri, id, username, password, tls, protocol, sessionExpiry);
  }

  public BrokerSettings withCredentials(String user, String pass) {
    return new BrokerSettings(uri, clientId, user, pass, tls, protocol, sessionExpiry);
  }

  public BrokerSettings withTls(TlsFiles files) {
    return new BrokerSettings(uri, clientId, username, password, files, protocol, sessionExpiry);
  }

  public BrokerSettings withProtocol(MqttProtocol p) {
    return new BrokerSettings(uri, clientId, username, password, tls, p, sessionExpiry);
  }

  public BrokerSettings withSessionExpiry(Duration expiry) {
    return new BrokerSettings(uri, clientId, username, password, tls, protocol, expiry);
  }

  public boolean usesTls() {
    return uri.startsWith("ssl://") || uri.startsWith("wss://");
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "BrokerSettings["
        + uri
        + ", clientId="
        + clientId
        + ", user="
        + username
        + ", "
        + protocol
        + "]";
  }
}
