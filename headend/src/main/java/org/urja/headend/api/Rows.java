package org.urja.headend.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Read models for the API straight from SQL: each row becomes a JSON object whose keys are the
 * columns in camelCase. The API's lists are projections of tables, and a class per projection would
 * only repeat the column list.
 */
public final class Rows {
  private final DataSource dataSource;

  public Rows(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public List<Map<String, Object>> list(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        return read(rs);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("query failed: " + e.getMessage(), e);
    }
  }

  private static List<Map<String, Object>> read(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<Map<String, Object>> out = new ArrayList<>();
    while (rs.next()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        Object v = rs.getObject(i);
        if (v instanceof Timestamp t) {
          v = t.toInstant();
        } else if (v instanceof java.sql.Date d) {
          v = d.toLocalDate();
        } else if (v instanceof org.postgresql.util.PGobject pg) {
          v = pg.getValue();
        }
        row.put(camel(md.getColumnLabel(i)), v);
      }
      out.add(row);
    }
    return out;
  }

  public Optional<Map<String, Object>> one(String sql, Object... args) {
    List<Map<String, Object>> rows = list(sql, args);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public long count(String sql, Object... args) {
    return one(sql, args).map(r -> ((Number) r.values().iterator().next()).longValue()).orElse(0L);
  }

  public int update(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("update failed: " + e.getMessage(), e);
    }
  }

  /** Work that needs a connection of its own, e.g. to call another module's API that takes one. */
  @FunctionalInterface
  public interface ConnectionWork {
    void run(Connection c) throws SQLException;
  }

  /** Runs {@code work} on one pooled connection (autocommit, like {@link #update}). */
  public void withConnection(ConnectionWork work) {
    try (Connection c = dataSource.getConnection()) {
      work.run(c);
    } catch (SQLException e) {
      throw new IllegalStateException("update failed: " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws (a
   * state change and the message that tells of it are written together or not at all).
   */
  public void inTransaction(ConnectionWork work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("transaction failed: " + e.getMessage(), e);
    }
  }

  /** {@link #list} on a connection the caller holds (inside {@link #inTransaction}). */
  public static List<Map<String, Object>> list(Connection c, String sql, Object... args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        return read(rs);
      }
    }
  }

  /** {@link #update} on a connection the caller holds (inside {@link #inTransaction}). */
  public static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  public static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a instanceof Instant t) {
        ps.setTimestamp(i + 1, Timestamp.from(t));
      } else if (a instanceof String[] texts) {
        ps.setArray(i + 1, ps.getConnection().createArrayOf("text", texts));
      } else {
        ps.setObject(i + 1, a);
      }
    }
  }

  static String camel(String column) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char ch : column.toCharArray()) {
      if (ch == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    return b.toString();
  }
}
