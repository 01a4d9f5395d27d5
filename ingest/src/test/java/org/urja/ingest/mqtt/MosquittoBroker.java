package org.urja.ingest.mqtt;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto process running the configuration of {@code docs/mosquitto}: the same {@code
 * urja.conf} and {@code acl}, with {@code /etc/mosquitto/urja} replaced by a temporary directory
 * holding freshly made certificates and a password file written by {@code mosquitto_passwd}.
 */
public final class MosquittoBroker implements AutoCloseable {
  public static final String DOCUMENTED_DIR = "/etc/mosquitto/urja";
  public static final String PASSWORD = "s3cret-for-tests";

  final Path dir;
  final int devicePort;
  final int headEndPort;
  private final Process process;

  /** The mosquitto executable, when installed. */
  public static Optional<Path> executable() {
    for (String p :
        List.of(
            "/usr/sbin/mosquitto",
            "/usr/bin/mosquitto",
            "/usr/local/sbin/mosquitto",
            "/usr/local/bin/mosquitto")) {
      if (Files.isExecutable(Path.of(p))) {
        return Optional.of(Path.of(p));
      }
    }
    return Optional.empty();
  }

  /**
   * Starts Mosquitto with the documented configuration; every user in {@code users} gets {@link
   * #PASSWORD}.
   */
  public static MosquittoBroker start(Path mosquitto, Path docs, List<String> users)
      throws IOException, GeneralSecurityException, InterruptedException {
    return start(mosquitto, docs, users, "");
  }

  /**
   * @param gatewayAcl ACL blocks for this test's gateways, added to the documented ACL as an
   *     operator adds one per gateway
   */
  public static MosquittoBroker start(
      Path mosquitto, Path docs, List<String> users, String gatewayAcl)
      throws IOException, GeneralSecurityException, InterruptedException {
    Path dir = Files.createTempDirectory("urja-mosquitto");
    Files.createDirectories(dir.resolve("data"));
    TestCertificates certs = new TestCertificates();
    certs.writeCa(dir.resolve("ca.crt"));
    certs.writeCertificate("127.0.0.1", dir.resolve("server.crt"), dir.resolve("server.key"));
    certs.writeCertificate("urja-hes", dir.resolve("hes.crt"), dir.resolve("hes.key"));
    Path passwd = dir.resolve("passwd");
    for (String user : users) {
      List<String> cmd =
          Files.exists(passwd)
              ? List.of("mosquitto_passwd", "-b", passwd.toString(), user, PASSWORD)
              : List.of("mosquitto_passwd", "-c", "-b", passwd.toString(), user, PASSWORD);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("mosquitto_passwd failed: " + out);
      }
    }
    Files.writeString(
        dir.resolve("acl"), gatewayAcl + "\n" + Files.readString(docs.resolve("acl")));
    int devicePort = freePort();
    int headEndPort = freePort();
    String conf =
        Files.readString(docs.resolve("urja.conf"))
            .replace(DOCUMENTED_DIR, dir.toString())
            .replace("listener 8883", "listener " + devicePort + " 127.0.0.1")
            .replace("listener 8884", "listener " + headEndPort + " 127.0.0.1");
    if ("root".equals(System.getProperty("user.name"))) {
      // started as root, Mosquitto would switch to the mosquitto user, who cannot read this
      // directory
      conf = "user root\n" + conf;
    }
    Files.writeString(dir.resolve("mosquitto.conf"), conf);
    Process process =
        new ProcessBuilder(mosquitto.toString(), "-c", dir.resolve("mosquitto.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("mosquitto.log").toFile())
            .start();
    MosquittoBroker broker = new MosquittoBroker(dir, devicePort, headEndPort, process);
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
                }
                return accepts(devicePort) && accepts(headEndPort);
              });
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  private MosquittoBroker(Path dir, int devicePort, int headEndPort, Process process) {
    this.dir = dir;
    this.devicePort = devicePort;
    this.headEndPort = headEndPort;
    this.process = process;
  }

  public String deviceUri() {
    return "ssl://127.0.0.1:" + devicePort;
  }

  public String headEndUri() {
    return "ssl://127.0.0.1:" + headEndPort;
  }

  /** The CA only: what a device trusts. */
  public TlsFiles deviceTls() {
    return new TlsFiles(dir.resolve("ca.crt"), null, null);
  }

  /** The CA and the head-end's own certificate and key. */
  public TlsFiles headEndTls() {
    return new TlsFiles(dir.resolve("ca.crt"), dir.resolve("hes.crt"), dir.resolve("hes.key"));
  }

  public String log() throws IOException {
    return Files.readString(dir.resolve("mosquitto.log"));
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
