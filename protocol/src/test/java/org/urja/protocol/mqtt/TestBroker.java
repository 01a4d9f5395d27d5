package org.urja.protocol.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Properties;

/**
 * A Moquette broker on a loopback port for tests below the head-end (which has its own
 * EmbeddedBroker).
 */
public final class TestBroker implements AutoCloseable {
  private final Server server = new Server();
  private final int port;

  private TestBroker(int port) throws IOException {
    Properties p = new Properties();
    p.setProperty("host", "127.0.0.1");
    p.setProperty("port", String.valueOf(port));
    p.setProperty("allow_anonymous", "true");
    p.setProperty("telemetry_enabled", "false");
    p.setProperty("session_queue_size", "65536");
    p.setProperty("persistence_enabled", "false");
    p.setProperty("data_path", Files.createTempDirectory("urja-moquette").toString());
    server.startServer(new MemoryConfig(p));
    this.port = port;
  }

  /**
   * On a free port. Not port 0: Moquette reads the port it bound back from a map its Netty thread
   * writes unsynchronised.
   */
  public static TestBroker start() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return new TestBroker(port);
  }

  /** On the port a stopped broker had: its clients reconnect to the new one. */
  public static TestBroker restartOn(int port) throws IOException {
    return new TestBroker(port);
  }

  public int port() {
    return port;
  }

  public String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.stopServer();
  }
}
