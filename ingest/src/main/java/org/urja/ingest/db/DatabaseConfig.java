package org.urja.ingest.db;

import java.util.Objects;

/** Where the head-end's database is and how many connections it may hold. */
public record DatabaseConfig(String jdbcUrl, String user, String password, int poolSize) {

  /** Enough for two batch writers, the meter directory, partition upkeep and the API. */
  public static final int DEFAULT_POOL_SIZE = 8;

  public DatabaseConfig {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
    }
    password = password == null ? "" : password;
  }

  public DatabaseConfig(String jdbcUrl, String user, String password) {
    this(jdbcUrl, user, password, DEFAULT_POOL_SIZE);
  }

  public DatabaseConfig withPoolSize(int size) {
    return new DatabaseConfig(jdbcUrl, user, password, size);
  }

  /** Never prints the password: configs end up in logs. */
  @Override
  public String toString() {
    return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", poolSize=" + poolSize + "]";
  }
}
