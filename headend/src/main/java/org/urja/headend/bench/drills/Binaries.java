package org.urja.headend.bench.drills;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the Debian packages put the servers a drill starts. A drill runs real servers, never
 * substitutes, so a missing binary stops it with the package to install.
 */
final class Binaries {
  private Binaries() {}

  /** The newest PostgreSQL major version's bin directory under /usr/lib/postgresql. */
  static Path postgresBin() {
    Path root = Path.of("/usr/lib/postgresql");
    Optional<Path> newest = Optional.empty();
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        newest =
            versions
                .map(v -> v.resolve("bin"))
                .filter(
                    b ->
                        Files.isExecutable(b.resolve("initdb"))
                            && Files.isExecutable(b.resolve("pg_ctl")))
                .max(Comparator.comparingInt(Binaries::majorVersion));
      } catch (IOException e) {
        throw new IllegalStateException("cannot list " + root, e);
      }
    }
    return newest.orElseThrow(
        () ->
            new IllegalStateException(
                "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin: "
                    + "apt-get install -y postgresql"));
  }

  static Path mosquitto() {
    return List.of(
            Path.of("/usr/sbin/mosquitto"),
            Path.of("/usr/bin/mosquitto"),
            Path.of("/usr/local/sbin/mosquitto"))
        .stream()
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no mosquitto binary in /usr/sbin or /usr/bin: "
                        + "apt-get install -y mosquitto"));
  }

  /**
   * PostgreSQL's initdb and postgres refuse to run as root; a drill started as root runs them as
   * this user.
   */
  static Optional<String> unprivilegedUser() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.empty();
    }
    if (!Files.isExecutable(Path.of("/usr/sbin/runuser"))
        && !Files.isExecutable(Path.of("/sbin/runuser"))) {
      throw new IllegalStateException(
          "running as root needs runuser (util-linux) to start PostgreSQL as 'postgres'");
    }
    return Optional.of("postgres");
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
