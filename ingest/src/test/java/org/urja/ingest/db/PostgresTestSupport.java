package org.urja.ingest.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base class for tests against a real PostgreSQL: one embedded server per JVM, and a fresh,
 * migrated database for each test class (reached through {@link #dataSource()}). Test instances
 * live per class so the database is shared by the class's tests; clean up between tests with {@link
 * #truncate(String...)} when a test needs empty tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PostgresTestSupport {

  private Database database;
  private DatabaseConfig config;

  @BeforeAll
  protected final void createTestDatabase() {
    config = EmbeddedDatabase.shared().newMigratedDatabase().withPoolSize(poolSize());
    database = new Database(config);
  }

  @AfterAll
  protected final void dropTestDatabase() {
    database.close();
    String url = config.jdbcUrl();
    String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    EmbeddedDatabase.shared().dropDatabase(name);
  }

  /** Connections this class's pool may open; override for tests with many writer threads. */
  protected int poolSize() {
    return 6;
  }

  protected DataSource dataSource() {
    return database.dataSource();
  }

  protected DatabaseConfig databaseConfig() {
    return config;
  }

  /** Empties tables; {@code readings}, a view since V35, empties the table under it. */
  protected void truncate(String... tables) {
    String[] names = tables.clone();
    for (int i = 0; i < names.length; i++) {
      names[i] = names[i].equals(ReadingRows.VIEW) ? ReadingRows.TABLE : names[i];
    }
    execute("TRUNCATE " + String.join(", ", names));
  }

  protected void execute(String sql) {
    try (Connection c = dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The single number a query returns, e.g. {@code count(*)}. */
  protected long queryLong(String sql) {
    try (Connection c = dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
