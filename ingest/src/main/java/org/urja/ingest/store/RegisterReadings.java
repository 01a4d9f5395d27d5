package org.urja.ingest.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Ingest's read API for one cumulative register of one meter ({@code readings} is ingest's table:
 * other modules ask here instead of querying it). Values are as stored, scaler applied (Wh for the
 * active energy registers); pushed values, block-load rows and billing-profile entries are alike.
 * Both queries are range scans of the primary key {@code (meter_id, obis, ts)} on either layout.
 */
public final class RegisterReadings {

  /** One stored value of the register. */
  public record Value(Instant ts, BigDecimal value) {}

  private final DataSource dataSource;

  public RegisterReadings(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The latest value at or before {@code at}. */
  public Optional<Value> atOrBefore(String serial, String obis, Instant at) {
    List<Value> v =
        query(
            "select r.ts, r.value from readings r join meters m on m.id = r.meter_id "
                + "where m.serial = ? and r.obis = ? and r.ts <= ? order by r.ts desc limit 1",
            serial,
            obis,
            at,
            null);
    return v.stream().findFirst();
  }

  /** Values with {@code from < ts < to}, oldest first. */
  public List<Value> between(String serial, String obis, Instant from, Instant to) {
    return query(
        "select r.ts, r.value from readings r join meters m on m.id = r.meter_id "
            + "where m.serial = ? and r.obis = ? and r.ts > ? and r.ts < ? order by r.ts",
        serial,
        obis,
        from,
        to);
  }

  private List<Value> query(String sql, String serial, String obis, Instant a, Instant b) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, serial);
      ps.setString(2, obis);
      ps.setTimestamp(3, Timestamp.from(a));
      if (b != null) {
        ps.setTimestamp(4, Timestamp.from(b));
      }
      List<Value> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Value(rs.getTimestamp(1).toInstant(), rs.getBigDecimal(2)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("reading register " + obis + " of " + serial + " failed", e);
    }
  }
}
