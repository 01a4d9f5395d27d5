package org.urja.ledger.charging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.urja.ledger.account.AccountId;
import org.urja.ledger.account.MeterSerial;

/** Which account a meter served at a given time, for a batch of meters loaded at once. */
final class MeterLinks {

  private record Link(AccountId account, Instant from, Instant to) {}

  private final Map<MeterSerial, List<Link>> byMeter;

  private MeterLinks(Map<MeterSerial, List<Link>> byMeter) {
    this.byMeter = byMeter;
  }

  static MeterLinks load(Connection c, Collection<MeterSerial> meters) throws SQLException {
    Map<MeterSerial, List<Link>> byMeter = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select meter_serial, account_id, valid_from, valid_to from ledger_account_meters where meter_serial = any(?)")) {
      ps.setArray(1, c.createArrayOf("text", meters.stream().map(MeterSerial::value).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byMeter
              .computeIfAbsent(MeterSerial.of(rs.getString(1)), m -> new ArrayList<>())
              .add(
                  new Link(
                      AccountId.of(rs.getString(2)),
                      rs.getTimestamp(3).toInstant(),
                      rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()));
        }
      }
    }
    return new MeterLinks(byMeter);
  }

  Optional<AccountId> accountAt(MeterSerial meter, Instant ts) {
    for (Link l : byMeter.getOrDefault(meter, List.of())) {
      if (!ts.isBefore(l.from()) && (l.to() == null || ts.isBefore(l.to()))) {
        return Optional.of(l.account());
      }
    }
    return Optional.empty();
  }
}
