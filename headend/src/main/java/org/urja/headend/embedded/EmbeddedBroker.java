package org.urja.headend.embedded;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded Moquette MQTT broker for the demo and tests: a real broker speaking MQTT 3.1.1 on a
 * loopback port, so the head-end's Paho client is exercised exactly as against Mosquitto or EMQX.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
  private final Server server = new Server();
  private int port;

  private EmbeddedBroker() {}

  /** @param port 0 lets the operating system pick a free port, read back with {@link #port()} */
  public static EmbeddedBroker start(int port) throws IOException {
    Properties props = new Properties();
    props.setProperty("host", "127.0.0.1");
    props.setProperty("port", String.valueOf(port));
    props.setProperty("allow_anonymous", "true");
    // Moquette reports usage to its authors by default; a head-end must not phone home
    props.setProperty("telemetry_enabled", "false");
    // Moquette refuses publishes when a session's command queue (1,024 by default) is full, which a
    // burst from a fleet reaches on a busy 2-core machine; production brokers (Mosquitto, EMQX) queue
    props.setProperty("session_queue_size", "65536");
    props.setProperty("persistence_enabled", "false");
    props.setProperty("data_path", Files.createTempDirectory("urja-moquette").toString());
    props.setProperty("netty.mqtt.message_size", String.valueOf(64 * 1024));
    EmbeddedBroker b = new EmbeddedBroker();
    b.server.startServer(new MemoryConfig(props));
    // bound by the broker itself: a port probed free beforehand could be taken before it binds
    b.port = boundPort(b.server);
    log.info("embedded MQTT broker (Moquette) on tcp://127.0.0.1:{}", b.port);
    return b;
  }

  /** Moquette records the port it bound on a Netty thread just after start returns. */
  private static int boundPort(Server server) throws IOException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    for (int p = server.getPort(); System.nanoTime() < deadline; p = server.getPort()) {
      if (p > 0) {
        return p;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    server.stopServer();
    throw new IOException("the embedded MQTT broker did not report the port it bound");
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
