package org.urja.ledger.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Which meter a relay command for an account goes to: the one linked to it now. */
final class RelayTargets {

  private RelayTargets() {}

  static Optional<String> liveMeter(Connection c, String accountId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "select meter_serial from ledger_account_meters where account_id = ? and valid_to is null")) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** The action of the newest pending command of a meter, if any. */
  static Optional<RelayAction> pendingAction(Connection c, String meterSerial) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select action from relay_commands where meter_serial = ? "
        + "and status in ('created', 'sent') order by id desc limit 1")) {
      ps.setString(1, meterSerial);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(RelayAction.fromDb(rs.getString(1))) : Optional.empty();
      }
    }
  }

  /** True when the meter's relay was last confirmed open by a command the prepaid engine requested. */
  static boolean disconnectedBySystem(Connection c, String meterSerial) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select 1 from ledger_relay_state s join relay_commands r "
        + "on r.id = s.command_id where s.meter_serial = ? and s.state = 'disconnected' and r.requested_by = 'system'")) {
      ps.setString(1, meterSerial);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
