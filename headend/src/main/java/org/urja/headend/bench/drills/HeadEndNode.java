package org.urja.headend.bench.drills;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One head-end node as operators run it, {@code urja run} in its own JVM with exit-on-OOM, so that
 * a drill can {@code kill -9} it. Its settings are a properties file the drill writes; URJA_*
 * variables of the drill's own environment are not passed on, so only the drill decides them.
 */
final class HeadEndNode {
  private final String name;
  private final Path log;
  private final Path settings;
  private final int httpPort;
  private final int tcpPort;
  private final String clientId;
  private final Map<String, String> config;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;
  private int starts;

  HeadEndNode(String name, Path workDir, Map<String, String> config) throws IOException {
    this.name = name;
    this.httpPort = Integer.parseInt(config.get("http.port"));
    this.tcpPort = Integer.parseInt(config.get("tcp.port"));
    this.clientId = config.get("mqtt.client.id");
    this.log = workDir.resolve(name + ".log");
    this.settings = workDir.resolve(name + ".properties");
    this.config = new TreeMap<>(config);
    writeSettings();
  }

  private void writeSettings() throws IOException {
    Files.writeString(
        settings,
        config.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\"))
            .collect(Collectors.joining("\n", "", "\n")));
  }

  /** Changes one setting for the node's next start, as an operator edits its properties file. */
  void reconfigure(String key, String value) throws IOException {
    config.put(key, value);
    writeSettings();
  }

  /** Readings this JVM reports inserted since it started; 0 when it does not answer. */
  double readingsInserted() {
    return metrics()
        .map(
            m ->
                sample(
                        m,
                        "urja_ingest_rows_written_total",
                        "kind=\"reading\"",
                        "outcome=\"inserted\"")
                    .orElse(0))
        .orElse(0.0);
  }

  /**
   * Waits until this node has inserted nothing for {@code quiet} after inserting at least once, at
   * most {@code max}; answers what it inserted.
   */
  double awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    double last = -1;
    long stillSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      TimeUnit.SECONDS.sleep(1);
      double now = readingsInserted();
      if (now != last) {
        last = now;
        stillSince = System.nanoTime();
      } else if (now > 0 && System.nanoTime() - stillSince >= quiet.toNanos()) {
        break;
      }
    }
    return Math.max(last, 0);
  }

  String name() {
    return name;
  }

  /**
   * The client ids of its MQTT sessions: ingest's, and that of relay commands (MQTT 3.1.1, a
   * persistent session subscribed to every meter's replies).
   */
  List<String> clientIds() {
    return List.of(clientId, clientId + "-relay");
  }

  int tcpPort() {
    return tcpPort;
  }

  int httpPort() {
    return httpPort;
  }

  /** Starts the JVM and waits until its HTTP endpoint answers (the head-end is up). */
  void start() throws IOException, InterruptedException {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-XX:+ExitOnOutOfMemoryError",
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                "org.urja.headend.cli.UrjaCommand",
                "run",
                "-c",
                settings.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("URJA_"));
    Files.writeString(
        log,
        "==== drill: start " + (++starts) + " of " + name + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    process = pb.start();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(process::destroyForcibly, "urja-drill-" + name + "-stop"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " while starting; see " + log);
      }
      if (metrics().isPresent()) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new IllegalStateException(name + " did not answer HTTP within 180 s; see " + log);
  }

  /**
   * Returns as soon as two samples of {@code /metrics} about 50 ms apart show DLMS frames received
   * over TCP in between (meters are pushing; some pushes are read and not yet committed), or after
   * {@code patience}. TCP frames, not inserted readings: MQTT gateways publish in their own rhythm,
   * and their inserts would let a kill fall in the TCP meters' quiet half-period.
   */
  void awaitTcpPushes(Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    double last = -1;
    while (System.nanoTime() < deadline) {
      double now =
          metrics()
              .flatMap(
                  m -> {
                    OptionalDouble v = sample(m, "urja_ingest_frames_total", "transport=\"tcp\"");
                    return v.isPresent() ? Optional.of(v.getAsDouble()) : Optional.empty();
                  })
              .orElse(-1.0);
      if (last >= 0 && now > last) {
        return;
      }
      last = now;
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /** SIGKILL: no shutdown hook, no drain, no goodbye to the broker or the database. */
  void kill9() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM: the head-end's own shutdown (listeners, drain, jobs). */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** The Prometheus text of {@code /metrics}, empty when the node does not answer. */
  Optional<String> metrics() {
    if (process == null || !process.isAlive()) {
      return Optional.empty();
    }
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                  .timeout(Duration.ofSeconds(3))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Sum of the samples of one Prometheus metric whose labels include all of {@code labels}. */
  static OptionalDouble sample(String prometheusText, String metric, String... labels) {
    double sum = 0;
    boolean found = false;
    for (String line : prometheusText.split("\n")) {
      if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
        continue;
      }
      boolean all = true;
      for (String l : labels) {
        all &= line.contains(l);
      }
      if (all) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        found = true;
      }
    }
    return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }
}
