package org.urja.ingest.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaMigrationTest {

  @Test
  void migrationsOnPlainPostgresCreateDailyPartitionsAndADefaultPartition() throws Exception {
    DatabaseConfig config = EmbeddedDatabase.shared().newEmptyDatabase();
    try (Database db = new Database(config)) {
      Migrations.migrate(db.dataSource());

      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      List<String> readingsPartitions = partitionsOf(db, "reading_rows");
      assertThat(readingsPartitions)
          .contains("reading_rows_default", DailyPartitions.partitionName("reading_rows", today))
          .contains(DailyPartitions.partitionName("reading_rows", today.minusDays(7)))
          .contains(DailyPartitions.partitionName("reading_rows", today.plusDays(3)));
      assertThat(partitionsOf(db, "meter_events"))
          .contains("meter_events_default", DailyPartitions.partitionName("meter_events", today));
      // gone since V44: consumption is answered from the readings (RegisterIntervals)
      assertThat(relationKind(db, "energy_hourly")).isNull();
      assertThat(relationKind(db, "unknown_meter_readings")).isEqualTo("r");
      assertThat(relationKind(db, "meters")).isEqualTo("r");
    }
  }

  @Test
  void partitionMaintainerIsIdempotentAndMovesStrayRowsOutOfTheDefaultPartition() throws Exception {
    DatabaseConfig config = EmbeddedDatabase.shared().newMigratedDatabase();
    try (Database db = new Database(config)) {
      LocalDate farDay = LocalDate.now(ZoneOffset.UTC).plusDays(30);
      Instant farTs = farDay.atTime(12, 0).toInstant(ZoneOffset.UTC);
      try (Connection c = db.dataSource().getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO readings (meter_id, obis, ts, value, unit) VALUES (1, '1.0.1.8.0.255', ?, 42.5, 'Wh')")) {
        ps.setObject(1, farTs.atOffset(ZoneOffset.UTC));
        ps.executeUpdate();
      }
      Clock thirtyDaysLater = Clock.fixed(farTs, ZoneOffset.UTC);
      PartitionMaintainer maintainer =
          new PartitionMaintainer(db.dataSource(), 1, 1, thirtyDaysLater);

      assertThat(maintainer.ensurePartitions()).isEqualTo(6); // 3 days x 2 tables
      assertThat(maintainer.ensurePartitions()).isZero();

      String partition = DailyPartitions.partitionName("reading_rows", farDay);
      assertThat(count(db, "SELECT count(*) FROM " + partition)).isEqualTo(1);
      assertThat(count(db, "SELECT count(*) FROM reading_rows_default")).isZero();
      assertThat(count(db, "SELECT count(*) FROM readings")).isEqualTo(1);
    }
  }

  @Test
  void withARetentionTheMaintainerDropsTheDaysThatAgedOutAndKeepsTheRest() throws Exception {
    DatabaseConfig config = EmbeddedDatabase.shared().newMigratedDatabase();
    try (Database db = new Database(config)) {
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      LocalDate longAgo = today.minusDays(120);
      // the upkeep of four months ago made that week's partitions
      new PartitionMaintainer(
              db.dataSource(),
              3,
              3,
              Clock.fixed(longAgo.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC))
          .ensurePartitions();
      insertReading(db, longAgo.atTime(6, 0).toInstant(ZoneOffset.UTC));
      insertReading(
          db, today.minusDays(100).atTime(6, 0).toInstant(ZoneOffset.UTC)); // no partition: DEFAULT
      insertReading(db, today.minusDays(5).atTime(6, 0).toInstant(ZoneOffset.UTC));
      insertReading(db, today.atTime(0, 0).toInstant(ZoneOffset.UTC));

      PartitionMaintainer maintainer =
          new PartitionMaintainer(db.dataSource(), 7, 7, Clock.systemUTC())
              .withRetention("30 days");
      assertThat(maintainer.dropExpired()).isEqualTo(14); // 7 days x 2 tables
      assertThat(maintainer.dropExpired()).isZero();

      assertThat(partitionsOf(db, "reading_rows"))
          .doesNotContain(DailyPartitions.partitionName("reading_rows", longAgo))
          .contains(
              DailyPartitions.partitionName("reading_rows", today.minusDays(7)),
              "reading_rows_default");
      assertThat(count(db, "SELECT count(*) FROM readings")).isEqualTo(2);
      assertThat(count(db, "SELECT count(*) FROM readings WHERE ts < now() - interval '30 days'"))
          .isZero();
    }
  }

  @Test
  void aRetentionShorterThanTheLateArrivalWindowNeverDropsADayKeptForLatePushes() throws Exception {
    DatabaseConfig config = EmbeddedDatabase.shared().newMigratedDatabase();
    try (Database db = new Database(config)) {
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      PartitionMaintainer maintainer =
          new PartitionMaintainer(db.dataSource(), 7, 7, Clock.systemUTC()).withRetention("1 day");
      maintainer.ensurePartitions();

      maintainer.dropExpired();

      assertThat(partitionsOf(db, "reading_rows"))
          .contains(DailyPartitions.partitionName("reading_rows", today.minusDays(7)));
      assertThat(maintainer.ensurePartitions()).isZero();
    }
  }

  @Test
  void onPlainPostgresTheTimescaleRetentionReconcilerLeavesEverythingAlone() throws Exception {
    DatabaseConfig config = EmbeddedDatabase.shared().newMigratedDatabase();
    try (Database db = new Database(config)) {
      assertThat(HypertableRetention.reconcile(db.dataSource(), "2 years")).isZero();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> HypertableRetention.reconcile(db.dataSource(), "1 day; drop table meters"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(relationKind(db, "meters")).isEqualTo("r");
    }
  }

  @Test
  void
      onPlainPostgresTheTimescaleCompressionReconcilerLeavesEverythingAloneAndRefusesAnythingButAnInterval()
          throws Exception {
    DatabaseConfig config = EmbeddedDatabase.shared().newMigratedDatabase();
    try (Database db = new Database(config)) {
      assertThat(HypertableCompression.reconcile(db.dataSource(), "2 days")).isZero();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  HypertableCompression.reconcile(
                      db.dataSource(), "1 day'); drop table meters; --"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(relationKind(db, "reading_rows")).isEqualTo("p");
      assertThat(relationKind(db, "readings")).isEqualTo("v");
    }
  }

  private static void insertReading(Database db, Instant ts) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO readings (meter_id, obis, ts, value, unit) VALUES (1, '1.0.1.8.0.255', ?, 1, 'Wh')")) {
      ps.setObject(1, ts.atOffset(ZoneOffset.UTC));
      ps.executeUpdate();
    }
  }

  private static List<String> partitionsOf(Database db, String table) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT child.relname FROM pg_inherits i"
                    + " JOIN pg_class parent ON parent.oid = i.inhparent"
                    + " JOIN pg_class child ON child.oid = i.inhrelid WHERE parent.relname = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }

  private static String relationKind(Database db, String name) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT relkind::text FROM pg_class WHERE relname = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static long count(Database db, String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
