package org.urja.ingest.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.urja.ingest.db.ReadingRows;
import org.urja.ingest.reading.Reading;
import org.urja.protocol.obis.ObisCode;

/**
 * Readings held back by {@link ReadingChecks}, and the operator's word on them. A held reading is
 * released (stored in {@code readings}; the caller hands it to charging like any new reading) or
 * discarded, each exactly once: the change from {@code held} is one conditional UPDATE.
 */
public final class SuspectReadings implements HeldItems<SuspectReadings.Held, Reading> {

  /** One row of {@code suspect_readings}. */
  public record Held(
      long id,
      String meterSerial,
      String utility,
      String obis,
      Instant ts,
      BigDecimal value,
      String unit,
      String reason,
      String detail,
      Instant receivedAt,
      String status,
      Instant decidedAt,
      String decidedBy)
      implements HeldItems.Held {}

  private static final String COLUMNS =
      "s.id, m.serial, m.utility, s.obis, s.ts, s.value, s.unit, s.reason, s.detail,"
          + " s.received_at, s.status, s.decided_at, s.decided_by";

  private static final HeldForOperator<Held> ROWS =
      new HeldForOperator<>("suspect_readings", COLUMNS, SuspectReadings::row);

  private final DataSource dataSource;
  private final ReadingChecks checks;

  public SuspectReadings(DataSource dataSource, ReadingChecks checks) {
    this.dataSource = dataSource;
    this.checks = checks;
  }

  /**
   * Keeps a batch's suspects in the writer's transaction; a suspect already held is not repeated.
   */
  static int keep(Connection c, Collection<ReadingChecks.Suspect> suspects) throws SQLException {
    if (suspects.isEmpty()) {
      return 0;
    }
    int n = suspects.size();
    Long[] ids = new Long[n];
    String[] obis = new String[n];
    String[] ts = new String[n];
    String[] values = new String[n];
    String[] units = new String[n];
    String[] reasons = new String[n];
    String[] details = new String[n];
    int i = 0;
    for (ReadingChecks.Suspect s : suspects) {
      ResolvedReading r = s.reading();
      ids[i] = r.meterId();
      obis[i] = r.obis();
      ts[i] = r.ts().toString();
      values[i] = r.value().toPlainString();
      units[i] = r.unit();
      reasons[i] = s.reason().text();
      details[i] = s.detail();
      i++;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO suspect_readings (meter_id, obis, ts, value, unit, reason, detail)"
                + " SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[]::timestamptz[], ?::text[]::numeric[],"
                + " ?::text[], ?::text[], ?::text[]) ON CONFLICT (meter_id, obis, ts) DO NOTHING")) {
      ps.setArray(1, c.createArrayOf("bigint", ids));
      ps.setArray(2, c.createArrayOf("text", obis));
      ps.setArray(3, c.createArrayOf("text", ts));
      ps.setArray(4, c.createArrayOf("text", values));
      ps.setArray(5, c.createArrayOf("text", units));
      ps.setArray(6, c.createArrayOf("text", reasons));
      ps.setArray(7, c.createArrayOf("text", details));
      return ps.executeUpdate();
    }
  }

  @Override
  public List<Held> list(String serial, String utility, String status, int limit, long offset)
      throws SQLException {
    return ROWS.list(dataSource, serial, utility, status, limit, offset);
  }

  @Override
  public Optional<Held> find(long id) throws SQLException {
    return ROWS.find(dataSource, id);
  }

  /** Readings still waiting for an operator. */
  public long countHeld() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM suspect_readings WHERE status = 'held'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Stores a held reading in {@code readings}; the caller hands it to charging. */
  @Override
  public Optional<Release<Held, Reading>> release(long id, String decidedBy) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Optional<Held> held = ROWS.decide(c, id, "released", decidedBy);
        if (held.isEmpty()) {
          c.rollback();
          return Optional.empty();
        }
        Held h = held.get();
        int inserted;
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO reading_rows ("
                    + ReadingRows.STORED_COLUMNS
                    + ")"
                    + " SELECT "
                    + ReadingRows.storedFrom(
                        "meter_id", "obis", "ts", "value", "unit", "received_at")
                    + " FROM suspect_readings WHERE id = ?"
                    + " ON CONFLICT (meter_id, obis, ts) DO NOTHING")) {
          ps.setLong(1, id);
          inserted = ps.executeUpdate();
        }
        long meterId = meterId(c, id);
        c.commit();
        // the released value may now be the latest of its register: read it again
        checks.forget(meterId, h.obis());
        Optional<Reading> stored =
            inserted == 0
                ? Optional.empty()
                : Optional.of(
                    new Reading(
                        h.meterSerial(), ObisCode.parse(h.obis()), h.ts(), h.value(), h.unit()));
        return Optional.of(new Release<>(h, stored));
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  @Override
  public Optional<Held> discard(long id, String decidedBy) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return ROWS.decide(c, id, "discarded", decidedBy);
    }
  }

  private static long meterId(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT meter_id FROM suspect_readings WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Held row(ResultSet rs) throws SQLException {
    return new Held(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getTimestamp(5).toInstant(),
        rs.getBigDecimal(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getTimestamp(10).toInstant(),
        rs.getString(11),
        instant(rs.getTimestamp(12)),
        rs.getString(13));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
