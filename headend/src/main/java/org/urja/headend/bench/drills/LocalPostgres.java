package org.urja.headend.bench.drills;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server from the distribution's packages, in its own data directory under the drill's
 * work directory, listening on loopback only. Stopping it is the database outage the drills inject:
 * {@code pg_ctl stop -m fast} disconnects every session, as a failover or a crashed server does.
 */
final class LocalPostgres implements AutoCloseable {
  static final String USER = "postgres";

  private final Path bin;
  private final Path data;
  private final Path socketDir;
  private final Path log;
  private final int port;
  private final Optional<String> runAs;
  private boolean running;

  private LocalPostgres(
      Path bin, Path data, Path socketDir, Path log, int port, Optional<String> runAs) {
    this.bin = bin;
    this.data = data;
    this.socketDir = socketDir;
    this.log = log;
    this.port = port;
    this.runAs = runAs;
  }

  /** initdb into {@code workDir}/pgdata (trust authentication: loopback only, throwaway data). */
  static LocalPostgres init(Path workDir, int port) throws IOException, InterruptedException {
    Path bin = Binaries.postgresBin();
    Optional<String> runAs = Binaries.unprivilegedUser();
    Path home = Files.createDirectories(workDir.resolve("postgres"));
    Path data = home.resolve("pgdata");
    Path sockets = Files.createDirectories(home.resolve("sockets"));
    Path log = home.resolve("postgres.log");
    Files.createFile(log);
    if (runAs.isPresent()) {
      // the server user must reach its directories through ours
      Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
      UserPrincipalLookupService users = workDir.getFileSystem().getUserPrincipalLookupService();
      for (Path p : List.of(home, sockets, log)) {
        Files.setOwner(p, users.lookupPrincipalByName(runAs.get()));
      }
    }
    LocalPostgres pg = new LocalPostgres(bin, data, sockets, log, port, runAs);
    pg.exec(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            USER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale"),
        "initdb");
    return pg;
  }

  int port() {
    return port;
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  void start() throws IOException, InterruptedException {
    exec(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            log.toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-p "
                + port
                + " -k "
                + socketDir
                + " -c listen_addresses=127.0.0.1 -c max_connections=200",
            "start"),
        "pg_ctl start");
    running = true;
  }

  /** Fast shutdown: open sessions are disconnected, in-flight transactions roll back. */
  void stop() throws IOException, InterruptedException {
    exec(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-w",
            "-t",
            "60",
            "-m",
            "fast",
            "stop"),
        "pg_ctl stop");
    running = false;
  }

  void createDatabase(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
      s.execute("CREATE DATABASE " + name);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (running) {
      stop();
    }
  }

  private void exec(List<String> command, String what) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    runAs.ifPresent(u -> cmd.addAll(List.of("runuser", "-u", u, "--")));
    cmd.addAll(command);
    Path out = Files.createTempFile(log.getParent().getParent(), "pg-", ".out");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(what + " did not finish in 120 s; see " + out);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          what
              + " failed (exit "
              + p.exitValue()
              + "): "
              + Files.readString(out).strip()
              + "\nserver log: "
              + log);
    }
    Files.delete(out);
  }
}
