package org.urja.ingest.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Creates one-day (UTC) range partitions of a natively partitioned time-series table. Rows that
 * already landed in the DEFAULT partition for that day are moved into the new partition first,
 * because PostgreSQL refuses to attach a range the default partition already holds rows for.
 */
public final class DailyPartitions {

  /** The tables the plain layout partitions by day; each has a {@code <table>_default}. */
  public static final List<String> TABLES = List.of(ReadingRows.TABLE, "meter_events");

  // Serialises partition upkeep across head-end nodes sharing one database.
  private static final long ADVISORY_LOCK_KEY = 0x75726A61L; // "urja"

  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

  private final Connection connection;

  /**
   * Uses the caller's connection as it is: run {@link #ensure} inside a transaction so the lock,
   * the move and the attach happen together (autocommit works, minus that guarantee).
   */
  public DailyPartitions(Connection connection) {
    this.connection = connection;
  }

  /** Ensures partitions for every day from {@code first} to {@code last} inclusive. */
  public int ensureRange(String table, LocalDate first, LocalDate last) throws SQLException {
    int created = 0;
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      if (ensure(table, day)) {
        created++;
      }
    }
    return created;
  }

  /** Returns true when the partition was created, false when it already existed. */
  public boolean ensure(String table, LocalDate day) throws SQLException {
    requireKnownTable(table);
    String partition = partitionName(table, day);
    try (Statement st = connection.createStatement()) {
      st.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")");
    }
    if (exists(partition)) {
      return false;
    }
    String from = "TIMESTAMPTZ '" + day + " 00:00:00+00'";
    String to = "TIMESTAMPTZ '" + day.plusDays(1) + " 00:00:00+00'";
    try (Statement st = connection.createStatement()) {
      // Hold writers off the default partition until the day is attached; otherwise a row for
      // this day inserted after the move below would make ATTACH fail its validation scan.
      st.execute("LOCK TABLE " + table + "_default IN ACCESS EXCLUSIVE MODE");
      st.execute(
          "CREATE TABLE "
              + partition
              + " (LIKE "
              + table
              + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
      st.execute(
          "WITH moved AS (DELETE FROM "
              + table
              + "_default WHERE ts >= "
              + from
              + " AND ts < "
              + to
              + " RETURNING *) INSERT INTO "
              + partition
              + " SELECT * FROM moved");
      st.execute(
          "ALTER TABLE "
              + table
              + " ATTACH PARTITION "
              + partition
              + " FOR VALUES FROM ("
              + from
              + ") TO ("
              + to
              + ")");
    }
    return true;
  }

  /**
   * Drops the daily partitions of {@code table} for days before {@code cutoff} and deletes rows
   * before it that sit in the DEFAULT partition; returns how many partitions were dropped. Dropping
   * a partition is instant whatever its size, which is why the plain layout keeps days apart.
   */
  public int dropBefore(String table, LocalDate cutoff) throws SQLException {
    requireKnownTable(table);
    try (Statement st = connection.createStatement()) {
      st.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")");
    }
    List<String> expired = new java.util.ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT child.relname FROM pg_inherits i JOIN pg_class parent ON parent.oid = i.inhparent"
                + " JOIN pg_class child ON child.oid = i.inhrelid"
                + " WHERE parent.relname = ? AND pg_table_is_visible(parent.oid) AND child.relname ~ ?")) {
      ps.setString(1, table);
      ps.setString(2, "^" + table + "_p[0-9]{8}$");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          LocalDate day = LocalDate.parse(name.substring(name.length() - 8), SUFFIX);
          if (day.isBefore(cutoff)) {
            expired.add(name);
          }
        }
      }
    }
    try (Statement st = connection.createStatement()) {
      for (String partition : expired) {
        st.execute("DROP TABLE " + partition);
      }
      st.execute(
          "DELETE FROM " + table + "_default WHERE ts < TIMESTAMPTZ '" + cutoff + " 00:00:00+00'");
    }
    return expired.size();
  }

  public static String partitionName(String table, LocalDate day) {
    return table + "_p" + SUFFIX.format(day);
  }

  /** True when {@code table} is natively partitioned (the plain layout, not TimescaleDB). */
  public static boolean isPartitioned(Connection connection, String table) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid"
                + " WHERE c.relname = ? AND pg_table_is_visible(c.oid)")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private boolean exists(String relation) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, relation);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  // Table names are spliced into DDL; accept only plain identifiers.
  private static void requireKnownTable(String table) {
    if (!table.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain table name: " + table);
    }
  }
}
