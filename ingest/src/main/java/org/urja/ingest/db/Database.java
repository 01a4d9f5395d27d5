package org.urja.ingest.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/** A connection pool of the process; close it last. */
public final class Database implements AutoCloseable {

  private final HikariDataSource dataSource;

  public Database(DatabaseConfig config) {
    this(config, "urja-db");
  }

  /**
   * A pool of its own name: the head-end keeps a small second pool for relay commands and payments,
   * so that their latency does not depend on how busy the writers keep the main one.
   */
  public Database(DatabaseConfig config, String poolName) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setPoolName(poolName);
    // Writers own their transactions; autocommit on keeps ad-hoc reads cheap.
    hikari.setAutoCommit(true);
    // Fail a starved request in seconds rather than stalling a writer thread for the default 30s.
    hikari.setConnectionTimeout(10_000);
    // Server-side prepared statements after the first use: the batch writer runs the same SQL.
    hikari.addDataSourceProperty("prepareThreshold", "1");
    hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    this.dataSource = new HikariDataSource(hikari);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
