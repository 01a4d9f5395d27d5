package org.urja.headend.bench.drills;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Mosquitto from the distribution's package on a loopback port, with the settings of {@code
 * docs/mosquitto/urja.conf} that decide whether readings are lost: persistence (sessions and queued
 * messages survive a restart), no message-count bound on a session's queue but a byte bound, a wide
 * in-flight window, and an expiry for MQTT 3.1.1 sessions. What the drills leave out of that file
 * is authentication, ACLs and TLS: the drills run on 127.0.0.1 with anonymous access, because none
 * of those decides whether an acknowledged reading is kept.
 */
final class LocalMosquitto implements AutoCloseable {
  private final Path binary;
  private final Path config;
  private final Path log;
  private final int port;
  private Process process;

  private LocalMosquitto(Path binary, Path config, Path log, int port) {
    this.binary = binary;
    this.config = config;
    this.log = log;
    this.port = port;
  }

  static LocalMosquitto configure(Path workDir, int port) throws IOException {
    Path binary = Binaries.mosquitto();
    Path home = Files.createDirectories(workDir.resolve("mosquitto"));
    Path store = Files.createDirectories(home.resolve("data"));
    Path config = home.resolve("mosquitto.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            List.of(
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence true",
                "persistence_location " + store + "/",
                "autosave_interval 60",
                "max_queued_messages 0",
                "max_queued_bytes 1073741824",
                "max_inflight_messages 1000",
                "persistent_client_expiration 1d",
                "log_dest stdout",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "")));
    if ("root".equals(System.getProperty("user.name"))) {
      // started as root, mosquitto drops to its own user, which must be able to write its store
      UserPrincipalLookupService users = workDir.getFileSystem().getUserPrincipalLookupService();
      try {
        Files.setOwner(store, users.lookupPrincipalByName("mosquitto"));
      } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
        throw new IllegalStateException(
            "running as root, mosquitto needs its 'mosquitto' user: "
                + "apt-get install -y mosquitto",
            e);
      }
    }
    return new LocalMosquitto(binary, config, home.resolve("mosquitto.log"), port);
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  void start() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(binary.toString(), "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "mosquitto exited with " + process.exitValue() + "; see " + log);
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
    throw new IllegalStateException(
        "mosquitto did not listen on " + port + " within 30 s; see " + log);
  }

  /** SIGTERM: mosquitto writes its persistence file and exits, as on a service restart. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /**
   * Ends the persistent sessions of these client ids (MQTT 5: connect with clean start and a
   * session expiry of 0, then disconnect), so that a finished drill's nodes leave no session behind
   * to receive, queue and drop copies of later drills' traffic.
   */
  void forgetSessions(List<String> clientIds) {
    for (String id : clientIds) {
      try {
        MqttAsyncClient c = new MqttAsyncClient(uri(), id, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setSessionExpiryInterval(0L);
        c.connect(o).waitForCompletion(10_000);
        c.disconnect(1_000).waitForCompletion(5_000);
        c.close();
      } catch (MqttException e) {
        System.out.println("could not end the MQTT session of " + id + ": " + e);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
