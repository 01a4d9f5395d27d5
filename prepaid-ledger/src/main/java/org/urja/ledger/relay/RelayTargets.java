package org.urja.ledger.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Which meter a relay command for an account goes to: the one linked to it now. */
final class RelayTargets {

  private RelayTargets() {}

  static Optional<String> liveMeter(Connection c, String accountId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select meter_serial from ledger_account_meters where account_id = ? and valid_to is null")) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * The action of the newest open command of a meter, if any: pending, or stopped for an operator
   * (a refused command counts, so the policy job does not queue the same action again every
   * period).
   */
  static Optional<RelayAction> pendingAction(Connection c, String meterSerial) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select action from relay_commands where meter_serial = ? "
                + "and status in ('created', 'sent', 'needs_operator') order by id desc limit 1")) {
      ps.setString(1, meterSerial);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(RelayAction.fromDb(rs.getString(1))) : Optional.empty();
      }
    }
  }

  /**
   * The action the policy job must not queue again for this meter now, judged by the meter's newest
   * command: one an operator cancelled (a reconnect until something newer is queued, a disconnect
   * until its expiry), or a disconnect that failed before its expiry. Without this, an unreachable
   * or misbehaving meter would get a fresh command every policy period.
   */
  static Optional<RelayAction> heldAction(Connection c, String meterSerial, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select action, status, expires_at from relay_commands "
                + "where meter_serial = ? and status <> 'superseded' order by id desc limit 1")) {
      ps.setString(1, meterSerial);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        RelayAction action = RelayAction.fromDb(rs.getString(1));
        CommandStatus status = CommandStatus.fromDb(rs.getString(2));
        boolean beforeExpiry =
            rs.getTimestamp(3) != null && rs.getTimestamp(3).toInstant().isAfter(now);
        boolean held =
            switch (status) {
              case CANCELLED -> action == RelayAction.RECONNECT || beforeExpiry;
              case FAILED -> action == RelayAction.DISCONNECT && beforeExpiry;
              default -> false;
            };
        return held ? Optional.of(action) : Optional.empty();
      }
    }
  }

  /**
   * True when the meter's relay was last confirmed open by a command the prepaid engine requested.
   */
  static boolean disconnectedBySystem(Connection c, String meterSerial) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select 1 from ledger_relay_state s join relay_commands r "
                + "on r.id = s.command_id where s.meter_serial = ? and s.state = 'disconnected' and r.requested_by = 'system'")) {
      ps.setString(1, meterSerial);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
