package org.urja.ingest.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A test fixture: an embedded PostgreSQL server (zonky, PostgreSQL 14) that hands out fresh
 * databases. {@link #shared()} starts one server per JVM, lazily, and stops it at JVM exit; each
 * caller of {@link #newMigratedDatabase()} gets its own database cloned from a template that was
 * migrated once, so a test class costs a CREATE DATABASE, not a Flyway run.
 *
 * <p>With {@code -Durja.test.server=jdbc:postgresql://host:port/} the same tests run against a
 * server already running there (user postgres, trust authentication), such as the TimescaleDB
 * cluster of /work/shared/tools/TIMESCALEDB.md: migrations then choose that server's layout. Each
 * database is migrated on its own there, since TimescaleDB's background workers keep a session open
 * in any database with the extension, and a template with sessions cannot be cloned.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final String TEMPLATE = "urja_template";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static volatile EmbeddedDatabase shared;

  /** System property: the base JDBC URL of a running server to use instead of an embedded one. */
  public static final String SERVER_PROPERTY = "urja.test.server";

  private final EmbeddedPostgres postgres;
  private final String server;
  private volatile boolean templateReady;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.server = null;
  }

  private EmbeddedDatabase(String server) {
    this.postgres = null;
    this.server = server.endsWith("/") ? server : server + "/";
  }

  /** Starts a server; {@code dataDir} and {@code port} may be null (temporary dir, free port). */
  public static EmbeddedDatabase start(Path dataDir, Integer port) {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            // Test data is disposable: trade durability for speed.
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off")
            .setServerConfig("max_connections", "200");
    if (dataDir != null) {
      builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
    }
    if (port != null) {
      builder.setPort(port);
    }
    try {
      return new EmbeddedDatabase(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }

  /** The JVM-wide server, started on first use. */
  public static EmbeddedDatabase shared() {
    EmbeddedDatabase db = shared;
    if (db == null) {
      synchronized (EmbeddedDatabase.class) {
        db = shared;
        if (db == null) {
          String server = System.getProperty(SERVER_PROPERTY, "");
          db = server.isBlank() ? start(null, null) : new EmbeddedDatabase(server.trim());
          EmbeddedDatabase started = db;
          Runtime.getRuntime()
              .addShutdownHook(new Thread(started::close, "embedded-postgres-shutdown"));
          shared = db;
        }
      }
    }
    return db;
  }

  /** The server's maintenance database, for CREATE/DROP DATABASE. */
  public DatabaseConfig adminConfig() {
    return configFor("postgres");
  }

  public DatabaseConfig configFor(String database) {
    String url = server != null ? server + database : postgres.getJdbcUrl("postgres", database);
    return new DatabaseConfig(url, "postgres", "", 4);
  }

  /** A fresh, empty database (no migrations applied). */
  public DatabaseConfig newEmptyDatabase() {
    String name = "urja_test_" + COUNTER.incrementAndGet();
    admin("CREATE DATABASE " + name);
    return configFor(name);
  }

  /** A fresh database with every migration on the classpath applied (plain layout). */
  public DatabaseConfig newMigratedDatabase() {
    if (server != null) {
      DatabaseConfig fresh = newEmptyDatabase();
      try (Database db = new Database(fresh.withPoolSize(2))) {
        Migrations.migrate(db.dataSource());
      }
      return fresh;
    }
    ensureTemplate();
    String name = "urja_test_" + COUNTER.incrementAndGet();
    admin("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    return configFor(name);
  }

  public void dropDatabase(String name) {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private synchronized void ensureTemplate() {
    if (templateReady) {
      return;
    }
    admin("DROP DATABASE IF EXISTS " + TEMPLATE);
    admin("CREATE DATABASE " + TEMPLATE);
    // Closed before cloning: CREATE DATABASE ... TEMPLATE needs the template to have no sessions.
    try (Database db = new Database(configFor(TEMPLATE).withPoolSize(2))) {
      Migrations.migrate(db.dataSource());
    }
    templateReady = true;
  }

  private void admin(String sql) {
    try (Connection c = adminConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("embedded PostgreSQL refused: " + sql, e);
    }
  }

  private Connection adminConnection() throws SQLException {
    if (server != null) {
      return DriverManager.getConnection(server + "postgres", "postgres", "");
    }
    DataSource admin = postgres.getPostgresDatabase();
    return admin.getConnection();
  }

  @Override
  public void close() {
    if (postgres == null) {
      return;
    }
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
