package org.urja.headend.app;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.db.Database;
import org.urja.ingest.db.DatabaseConfig;
import org.urja.ingest.db.HypertableCompression;
import org.urja.ingest.db.HypertableRetention;
import org.urja.ingest.db.Migrations;
import org.urja.ingest.db.PartitionMaintainer;
import org.urja.ingest.db.TimeSeriesLayout;
import org.urja.ingest.keys.KeyRotation;
import org.urja.ingest.keys.MasterKey;
import org.urja.ingest.keys.MeterKeyStore;
import org.urja.ingest.keys.ReservedInvocationCounter;
import org.urja.ingest.keys.StoredFrameCounterGuard;

/**
 * The database a node stands on: the pool, the schema brought up to date, the time-series upkeep
 * (retention, compression, daily partitions), and the meters' sealed DLMS keys with their counters.
 */
final class StorageWing {
  private static final Logger log = LoggerFactory.getLogger(StorageWing.class);

  /**
   * @param retention how long readings and events are kept ({@code storage.retention}, e.g. "3
   *     years")
   * @param compressAfter TimescaleDB compresses chunks older than this ({@code
   *     storage.compress.after}, e.g. "1 day")
   * @param masterKey the key meters' keys are sealed under ({@code keys.master}, base64)
   * @param generateMasterKey without one: generate one per database and keep it there
   * @param invocationBlock invocation-counter values reserved per meter in one round trip
   */
  record Settings(
      String retention,
      String compressAfter,
      int partitionDaysBack,
      int partitionDaysAhead,
      Optional<String> masterKey,
      boolean generateMasterKey,
      int invocationBlock) {
    Settings {
      Objects.requireNonNull(retention, "storage.retention");
      Objects.requireNonNull(compressAfter, "storage.compress.after");
      Objects.requireNonNull(masterKey, "keys.master");
      if (partitionDaysBack < 0 || partitionDaysAhead < 0) {
        throw new IllegalArgumentException(
            "partitions.days.back and partitions.days.ahead must not be negative");
      }
      if (invocationBlock < 1) {
        throw new IllegalArgumentException(
            "keys.invocation.block must be at least 1, got " + invocationBlock);
      }
    }
  }

  private final Database database;
  private final MeterKeyStore meterKeys;
  private final KeyRotation keyRotation;
  private final ReservedInvocationCounter invocationCounter;
  private final StoredFrameCounterGuard frameCounterGuard;

  private StorageWing(Settings settings, DatabaseConfig db, Node node) throws SQLException {
    database = node.started().push(new Database(db));
    DataSource ds = database.dataSource();
    migrate(ds, settings.retention(), settings.compressAfter());
    try {
      HypertableRetention.reconcile(ds, settings.retention());
    } catch (SQLException e) {
      // never worth refusing to start over: the policy set at migration stays in force
      log.warn(
          "could not bring TimescaleDB's retention policy to {}: {}",
          settings.retention(),
          e.toString());
    }
    try {
      HypertableCompression.reconcile(ds, settings.compressAfter());
    } catch (SQLException e) {
      log.warn(
          "could not bring TimescaleDB's compression policy to {}: {}",
          settings.compressAfter(),
          e.toString());
    }
    PartitionMaintainer partitions =
        new PartitionMaintainer(
                ds, settings.partitionDaysBack(), settings.partitionDaysAhead(), node.clock())
            .withRetention(settings.retention());
    partitions.ensurePartitions();
    // meters' DLMS keys: a node with stored keys and no (or the wrong) keys.master refuses to start
    meterKeys =
        new MeterKeyStore(
            ds, MasterKey.configured(settings.masterKey(), settings.generateMasterKey(), ds));
    meterKeys.checkOnStart();
    keyRotation = new KeyRotation(ds, meterKeys);
    invocationCounter = new ReservedInvocationCounter(ds, settings.invocationBlock());
    frameCounterGuard = new StoredFrameCounterGuard(ds, node.registry());
    partitions.schedule(node.scheduler(), Duration.ofHours(6));
  }

  static StorageWing start(Settings settings, DatabaseConfig db, Node node) throws SQLException {
    return new StorageWing(settings, db, node);
  }

  /**
   * Applies the Flyway migrations of every module (TimescaleDB layout when the extension is there).
   */
  static void migrate(DataSource ds, String retention, String compressAfter) {
    Migrations.migrate(
        ds,
        new TimeSeriesLayout.Options(
            TimeSeriesLayout.Mode.AUTO, retention, retention, compressAfter));
  }

  DataSource dataSource() {
    return database.dataSource();
  }

  MeterKeyStore meterKeys() {
    return meterKeys;
  }

  KeyRotation keyRotation() {
    return keyRotation;
  }

  ReservedInvocationCounter invocationCounter() {
    return invocationCounter;
  }

  StoredFrameCounterGuard frameCounterGuard() {
    return frameCounterGuard;
  }
}
