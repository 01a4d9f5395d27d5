package org.urja.headend.embedded;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded Moquette MQTT broker for the demo and tests: a real broker speaking MQTT 3.1.1 on a
 * loopback port, so the head-end's Paho client is exercised exactly as against Mosquitto or EMQX.
 * Moquette 0.17 refuses MQTT 5, so ingest (with {@code mqtt.version=auto}) falls back to 3.1.1
 * here; MQTT 5 is exercised against a real Mosquitto ({@code MosquittoBrokerTest}).
 */
public final class EmbeddedBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
  private final Server server;
  private final int port;

  private EmbeddedBroker(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * @param port 0 picks a free port, read back with {@link #port()}
   */
  public static EmbeddedBroker start(int port) throws IOException {
    if (port > 0) {
      return startOn(port);
    }
    // Moquette can bind port 0, but reads the bound port back from a map its Netty thread writes
    // unsynchronised; so a free port is picked here, and picked again in the rare case another
    // socket takes it before the broker binds it
    for (int attempt = 1; ; attempt++) {
      try {
        return startOn(freePort());
      } catch (RuntimeException e) {
        if (attempt == 5 || !(rootCause(e) instanceof BindException)) {
          throw e;
        }
        log.debug("embedded broker port taken meanwhile, picking another: {}", e.toString());
      }
    }
  }

  private static EmbeddedBroker startOn(int port) throws IOException {
    Properties props = new Properties();
    props.setProperty("host", "127.0.0.1");
    props.setProperty("port", String.valueOf(port));
    props.setProperty("allow_anonymous", "true");
    // Moquette reports usage to its authors by default; a head-end must not phone home
    props.setProperty("telemetry_enabled", "false");
    // Moquette refuses publishes when a session's command queue (1,024 by default) is full, which a
    // burst from a fleet reaches on a busy 2-core machine; production brokers (Mosquitto, EMQX)
    // queue
    props.setProperty("session_queue_size", "65536");
    props.setProperty("persistence_enabled", "false");
    props.setProperty("data_path", Files.createTempDirectory("urja-moquette").toString());
    props.setProperty("netty.mqtt.message_size", String.valueOf(64 * 1024));
    Server server = new Server();
    try {
      server.startServer(new MemoryConfig(props));
    } catch (RuntimeException e) {
      try {
        server.stopServer();
      } catch (RuntimeException ignored) {
        // half-started: nothing more to release
      }
      throw e;
    }
    log.info("embedded MQTT broker (Moquette) on tcp://127.0.0.1:{}", port);
    return new EmbeddedBroker(server, port);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  public String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    server.stopServer();
  }
}
