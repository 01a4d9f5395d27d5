package org.urja.ingest.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.urja.ingest.store.CompactValue;

class CompactReadingsTest {

  private static final List<BigDecimal> VALUES =
      List.of(
          new BigDecimal("0"),
          new BigDecimal("42.50"),
          new BigDecimal("-1.5"),
          new BigDecimal("5E+2"),
          new BigDecimal("1234567.891"),
          new BigDecimal("9223372036854775807"),
          new BigDecimal("9223372036854775808"),
          new BigDecimal("12345678901234.123456789"),
          new BigDecimal("1E+30"),
          new BigDecimal("0.0000000000000000000000000000001"));

  @Test
  void readingsStoredBeforeV35ReadBackDigitForDigitAfterIt() throws Exception {
    DatabaseConfig config = EmbeddedDatabase.shared().newEmptyDatabase();
    try (Database db = new Database(config)) {
      Flyway all = Migrations.flyway(db.dataSource(), TimeSeriesLayout.Options.DEFAULTS);
      Flyway.configure().configuration(all.getConfiguration()).target("30").load().migrate();
      Instant ts = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.DAYS);
      Instant received = ts.plusMillis(2_700);
      try (Connection c = db.dataSource().getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO readings (meter_id, obis, ts, value, unit, received_at) VALUES (1, ?, ?, ?, 'Wh', ?)")) {
        for (int i = 0; i < VALUES.size(); i++) {
          ps.setString(1, "1.0." + i + ".8.0.255");
          ps.setObject(2, ts.atOffset(ZoneOffset.UTC));
          ps.setBigDecimal(3, VALUES.get(i));
          ps.setObject(4, received.atOffset(ZoneOffset.UTC));
          ps.executeUpdate();
        }
      }
      List<BigDecimal> before = values(db);

      all.migrate();

      assertThat(values(db)).containsExactlyElementsOf(before);
      assertThat(receivedAt(db)).containsOnly(ts.plusSeconds(2));
      assertThat(count(db, "SELECT count(*) FROM reading_rows")).isEqualTo(VALUES.size());
      assertThat(count(db, "SELECT count(*) FROM reading_rows WHERE wide_value IS NOT NULL"))
          .isEqualTo(4);
    }
  }

  @Test
  void theDatabaseStoresAValueExactlyAsTheBatchWriterWould() throws Exception {
    DatabaseConfig config = EmbeddedDatabase.shared().newMigratedDatabase();
    try (Database db = new Database(config)) {
      Instant ts = Instant.parse("2026-11-20T10:15:00Z");
      try (Connection c = db.dataSource().getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO readings (meter_id, obis, ts, value, unit) VALUES (2, ?, ?, ?, 'Wh')")) {
        for (int i = 0; i < VALUES.size(); i++) {
          ps.setString(1, "1.0." + i + ".8.0.255");
          ps.setObject(2, ts.atOffset(ZoneOffset.UTC));
          ps.setBigDecimal(3, VALUES.get(i));
          ps.executeUpdate();
        }
      }
      List<CompactValue> stored = new ArrayList<>();
      try (Connection c = db.dataSource().getConnection();
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT digits, decimals, wide_value FROM reading_rows ORDER BY obis")) {
        while (rs.next()) {
          stored.add(new CompactValue(rs.getLong(1), rs.getShort(2), rs.getBigDecimal(3)));
        }
      }
      List<CompactValue> expected = VALUES.stream().map(CompactValue::of).toList();
      assertThat(stored).containsExactlyElementsOf(expected);
      assertThat(expected.stream().map(CompactValue::value).toList())
          .containsExactlyElementsOf(numericForms());
    }
  }

  // What a numeric column gave back for VALUES: the same digits and decimals (5E+2 as 500).
  private static List<BigDecimal> numericForms() {
    return VALUES.stream().map(v -> v.scale() < 0 ? v.setScale(0) : v).toList();
  }

  private static List<BigDecimal> values(Database db) throws SQLException {
    List<BigDecimal> values = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs =
            c.createStatement().executeQuery("SELECT value FROM readings ORDER BY obis")) {
      while (rs.next()) {
        values.add(rs.getBigDecimal(1));
      }
    }
    return values;
  }

  private static List<Instant> receivedAt(Database db) throws SQLException {
    List<Instant> times = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT received_at FROM readings")) {
      while (rs.next()) {
        times.add(rs.getTimestamp(1).toInstant());
      }
    }
    return times;
  }

  private static long count(Database db, String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
