package org.urja.ledger.relay;

import static org.urja.ledger.db.Sql.instant;
import static org.urja.ledger.db.Sql.ts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL of {@code relay_commands} and {@code ledger_relay_state}; the rules live in {@link
 * RelayCommandQueue}.
 */
final class RelayCommandStore {

  static final String COLUMNS =
      "id, meter_serial, account_id, action, status, reason, requested_by, attempts, "
          + "max_attempts, next_attempt_at, expires_at, last_error, relay_state, created_at, sent_at, completed_at, "
          + "failure_class, operator_retries, operator_note";

  private RelayCommandStore() {}

  static RelayCommand map(ResultSet rs) throws SQLException {
    return new RelayCommand(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        RelayAction.fromDb(rs.getString(4)),
        CommandStatus.fromDb(rs.getString(5)),
        rs.getString(6),
        rs.getString(7),
        rs.getInt(8),
        rs.getInt(9),
        instant(rs.getTimestamp(10)),
        instant(rs.getTimestamp(11)),
        rs.getString(12),
        RelayState.fromDb(rs.getString(13)),
        instant(rs.getTimestamp(14)),
        instant(rs.getTimestamp(15)),
        instant(rs.getTimestamp(16)),
        rs.getString(17),
        rs.getInt(18),
        rs.getString(19));
  }

  static List<RelayCommand> query(Connection c, String sql, Object... params) throws SQLException {
    List<RelayCommand> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        Object p = params[i];
        ps.setObject(
            i + 1,
            p instanceof Instant t
                ? ts(t)
                : p instanceof String[] a ? c.createArrayOf("text", a) : p);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(map(rs));
        }
      }
    }
    return out;
  }

  static List<String> strings(Connection c, String sql, Object... params) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        Object p = params[i];
        ps.setObject(i + 1, p instanceof Instant t ? ts(t) : p);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  static Optional<RelayCommand> lock(Connection c, long id) throws SQLException {
    return query(c, "select " + COLUMNS + " from relay_commands where id = ? for update", id)
        .stream()
        .findFirst();
  }

  /** The open commands of a meter (pending, or stopped for an operator), locked, oldest first. */
  static List<RelayCommand> lockPending(Connection c, String meterSerial) throws SQLException {
    return query(
        c,
        "select "
            + COLUMNS
            + " from relay_commands where meter_serial = ? "
            + "and status in ('created', 'sent', 'needs_operator') order by id for update",
        meterSerial);
  }

  static void supersede(Connection c, long id, long by, Instant now) throws SQLException {
    update(
        c,
        "update relay_commands set status = 'superseded', superseded_by = ?, completed_at = ?, updated_at = ? "
            + "where id = ?",
        by,
        now,
        now,
        id);
    closeAlerts(c, id, now);
  }

  /**
   * Raises the operator alert of a command's current stop, once: a second call for the same command
   * and operator retry changes nothing. True when this call raised it.
   */
  static boolean raiseAlert(Connection c, RelayCommand cmd, String reason, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into relay_operator_alerts (command_id, operator_retry, "
                + "meter_serial, action, reason, raised_at) values (?, ?, ?, ?, ?, ?) on conflict do nothing")) {
      ps.setLong(1, cmd.id());
      ps.setInt(2, cmd.operatorRetries());
      ps.setString(3, cmd.meterSerial());
      ps.setString(4, cmd.action().dbValue());
      ps.setString(5, reason);
      ps.setTimestamp(6, ts(now));
      return ps.executeUpdate() == 1;
    }
  }

  /** The operator has dealt with the command (retried, cancelled) or something replaced it. */
  static void closeAlerts(Connection c, long commandId, Instant now) throws SQLException {
    update(
        c,
        "update relay_operator_alerts set closed_at = ? where command_id = ? and closed_at is null",
        now,
        commandId);
  }

  static void update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        Object p = params[i];
        ps.setObject(i + 1, p instanceof Instant t ? ts(t) : p);
      }
      ps.executeUpdate();
    }
  }

  static void recordRelayState(
      Connection c, String meterSerial, RelayState state, long commandId, Instant at)
      throws SQLException {
    update(
        c,
        "insert into ledger_relay_state (meter_serial, state, confirmed_at, command_id) values (?, ?, ?, ?) "
            + "on conflict (meter_serial) do update set state = excluded.state, confirmed_at = excluded.confirmed_at, "
            + "command_id = excluded.command_id",
        meterSerial,
        state.dbValue(),
        at,
        commandId);
  }

  static Optional<RelayState> relayState(Connection c, String meterSerial) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select state from ledger_relay_state where meter_serial = ?")) {
      ps.setString(1, meterSerial);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(RelayState.fromDb(rs.getString(1))) : Optional.empty();
      }
    }
  }
}
