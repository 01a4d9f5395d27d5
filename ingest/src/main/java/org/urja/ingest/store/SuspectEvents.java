package org.urja.ingest.store;

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
import org.urja.ingest.reading.MeterEvent;

/**
 * Events held back by {@link ReadingChecks}' clock checks, and the operator's word on them. A held
 * event is released (stored in {@code meter_events}; the caller hands it on like any new event) or
 * discarded, each exactly once: the change from {@code held} is one conditional UPDATE.
 */
public final class SuspectEvents implements HeldItems<SuspectEvents.Held, MeterEvent> {

  /** One row of {@code suspect_events}. */
  public record Held(
      long id,
      String meterSerial,
      String utility,
      int code,
      Instant ts,
      String source,
      String reason,
      String detail,
      Instant receivedAt,
      String status,
      Instant decidedAt,
      String decidedBy)
      implements HeldItems.Held {

    MeterEvent event() {
      return new MeterEvent(meterSerial, code, ts, source);
    }
  }

  private static final String COLUMNS =
      "s.id, m.serial, m.utility, s.code, s.ts, s.source, s.reason, s.detail,"
          + " s.received_at, s.status, s.decided_at, s.decided_by";

  private static final HeldForOperator<Held> ROWS =
      new HeldForOperator<>("suspect_events", COLUMNS, SuspectEvents::row);

  private final DataSource dataSource;

  public SuspectEvents(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Keeps a batch's suspect events in the writer's transaction; one already held is not repeated.
   */
  static void keep(Connection c, Collection<ReadingChecks.SuspectEvent> suspects)
      throws SQLException {
    if (suspects.isEmpty()) {
      return;
    }
    int n = suspects.size();
    Long[] ids = new Long[n];
    Integer[] codes = new Integer[n];
    String[] ts = new String[n];
    String[] sources = new String[n];
    String[] reasons = new String[n];
    String[] details = new String[n];
    int i = 0;
    for (ReadingChecks.SuspectEvent s : suspects) {
      ids[i] = s.key().meterId();
      codes[i] = s.key().code();
      ts[i] = s.key().ts().toString();
      sources[i] = s.event().source();
      reasons[i] = s.reason().text();
      details[i] = s.detail();
      i++;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO suspect_events (meter_id, code, ts, source, reason, detail)"
                + " SELECT * FROM unnest(?::bigint[], ?::int[], ?::text[]::timestamptz[], ?::text[], ?::text[], ?::text[])"
                + " ON CONFLICT (meter_id, code, ts) DO NOTHING")) {
      ps.setArray(1, c.createArrayOf("bigint", ids));
      ps.setArray(2, c.createArrayOf("integer", codes));
      ps.setArray(3, c.createArrayOf("text", ts));
      ps.setArray(4, c.createArrayOf("text", sources));
      ps.setArray(5, c.createArrayOf("text", reasons));
      ps.setArray(6, c.createArrayOf("text", details));
      ps.executeUpdate();
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

  /** Stores a held event in {@code meter_events}; the caller hands it on like any new event. */
  @Override
  public Optional<Release<Held, MeterEvent>> release(long id, String decidedBy)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Optional<Held> held = ROWS.decide(c, id, "released", decidedBy);
        if (held.isEmpty()) {
          c.rollback();
          return Optional.empty();
        }
        int inserted;
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO meter_events (meter_id, code, ts, source)"
                    + " SELECT meter_id, code, ts, source FROM suspect_events WHERE id = ?"
                    + " ON CONFLICT (meter_id, code, ts) DO NOTHING")) {
          ps.setLong(1, id);
          inserted = ps.executeUpdate();
        }
        c.commit();
        Held h = held.get();
        return Optional.of(
            new Release<>(h, inserted == 0 ? Optional.empty() : Optional.of(h.event())));
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

  private static Held row(ResultSet rs) throws SQLException {
    return new Held(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getInt(4),
        rs.getTimestamp(5).toInstant(),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getTimestamp(9).toInstant(),
        rs.getString(10),
        instant(rs.getTimestamp(11)),
        rs.getString(12));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
