package org.urja.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The queries the tables of rows held for an operator share ({@code suspect_readings}, {@code
 * suspect_events}): list by meter, utility and status, find one, and decide one exactly once (a
 * conditional UPDATE from {@code held}). Each row is read with its meter's serial and utility.
 */
final class HeldForOperator<T> {
  /** Reads one row of {@code columns}. */
  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private final String table;
  private final String columns;
  private final Row<T> row;

  /**
   * @param columns the select list, the table aliased {@code s} and its meter {@code m}
   */
  HeldForOperator(String table, String columns, Row<T> row) {
    this.table = table;
    this.columns = columns;
    this.row = row;
  }

  /** Newest first; {@code serial}, {@code utility}, {@code status} narrow the list (null: any). */
  List<T> list(DataSource ds, String serial, String utility, String status, int limit, long offset)
      throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + columns
                    + " FROM "
                    + table
                    + " s JOIN meters m ON m.id = s.meter_id"
                    + " WHERE (?::text IS NULL OR m.serial = ?) AND (?::text IS NULL OR m.utility = ?)"
                    + " AND (?::text IS NULL OR s.status = ?) ORDER BY s.id DESC LIMIT ? OFFSET ?")) {
      ps.setString(1, serial);
      ps.setString(2, serial);
      ps.setString(3, utility);
      ps.setString(4, utility);
      ps.setString(5, status);
      ps.setString(6, status);
      ps.setInt(7, limit);
      ps.setLong(8, offset);
      return read(ps);
    }
  }

  Optional<T> find(DataSource ds, long id) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + columns
                    + " FROM "
                    + table
                    + " s JOIN meters m ON m.id = s.meter_id WHERE s.id = ?")) {
      ps.setLong(1, id);
      return read(ps).stream().findFirst();
    }
  }

  /** Moves a held row to {@code status}, once; empty when no row {@code id} is held. */
  Optional<T> decide(Connection c, long id, String status, String decidedBy) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "WITH s AS (UPDATE "
                + table
                + " SET status = ?, decided_at = now(), decided_by = ?"
                + " WHERE id = ? AND status = 'held' RETURNING *)"
                + " SELECT "
                + columns
                + " FROM s JOIN meters m ON m.id = s.meter_id")) {
      ps.setString(1, status);
      ps.setString(2, decidedBy);
      ps.setLong(3, id);
      return read(ps).stream().findFirst();
    }
  }

  private List<T> read(PreparedStatement ps) throws SQLException {
    List<T> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(row.read(rs));
      }
    }
    return out;
  }
}
