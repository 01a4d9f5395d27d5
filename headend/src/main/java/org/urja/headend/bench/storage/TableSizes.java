package org.urja.headend.bench.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a table takes on disk, as the server counts it (heap, indexes and TOAST), on either layout;
 * and, for a TimescaleDB hypertable, compressing its chunks and the bytes each column of the
 * compressed chunks holds. The column figures come from TimescaleDB's catalog of compressed chunks
 * ({@code _timescaledb_catalog.chunk.compressed_chunk_id}, an internal table: bench use only).
 */
final class TableSizes {
  private TableSizes() {}

  static boolean isHypertable(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
      if (!rs.next()) {
        return false;
      }
    }
    return exists(
        c, "SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = ?", table);
  }

  /** Bytes of the table with its indexes and TOAST, summed over partitions or chunks. */
  static long totalBytes(Connection c, String table) throws SQLException {
    if (isHypertable(c, table)) {
      return one(c, "SELECT hypertable_size(?::regclass)", table);
    }
    if (exists(c, "SELECT 1 FROM pg_partitioned_table WHERE partrelid = ?::regclass", table)) {
      return one(
          c,
          "SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits"
              + " WHERE inhparent = ?::regclass",
          table);
    }
    return one(c, "SELECT pg_total_relation_size(?::regclass)", table);
  }

  /** Compresses every chunk not yet compressed; returns how many there were. */
  static long compressAll(Connection c, String table) throws SQLException {
    return one(
        c,
        "SELECT count(compress_chunk(ch, if_not_compressed => true)) FROM show_chunks(?::regclass) ch",
        table);
  }

  /**
   * Bytes per column summed over the compressed chunks, TimescaleDB's metadata columns included.
   */
  static Map<String, Long> compressedColumnBytes(Connection c, String table) throws SQLException {
    List<String> chunks = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT format('%I.%I', cc.schema_name, cc.table_name) FROM _timescaledb_catalog.chunk ch"
                + " JOIN _timescaledb_catalog.chunk cc ON cc.id = ch.compressed_chunk_id"
                + " JOIN _timescaledb_catalog.hypertable h ON h.id = ch.hypertable_id WHERE h.table_name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          chunks.add(rs.getString(1));
        }
      }
    }
    Map<String, Long> bytes = new LinkedHashMap<>();
    for (String chunk : chunks) {
      List<String> columns = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass"
                  + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
        ps.setString(1, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            columns.add(rs.getString(1));
          }
        }
      }
      StringBuilder sql = new StringBuilder("SELECT ");
      for (int i = 0; i < columns.size(); i++) {
        sql.append(i == 0 ? "" : ", ")
            .append("coalesce(sum(pg_column_size(\"")
            .append(columns.get(i))
            .append("\")), 0)");
      }
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(sql + " FROM " + chunk)) {
        rs.next();
        for (int i = 0; i < columns.size(); i++) {
          bytes.merge(columns.get(i), rs.getLong(i + 1), Long::sum);
        }
      }
    }
    return bytes;
  }

  static long rows(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long one(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static boolean exists(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
