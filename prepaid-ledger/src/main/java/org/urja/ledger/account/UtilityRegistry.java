package org.urja.ledger.account;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.urja.ledger.db.Json;
import org.urja.ledger.db.Transactions;

/**
 * Utilities (discoms) sharing one installation, each with its own settings and holiday calendar.
 */
public final class UtilityRegistry {

  private final Transactions tx;

  public UtilityRegistry(Transactions tx) {
    this.tx = tx;
  }

  /** Creates the utility or replaces its name and settings. */
  public void register(String utilityId, String name, UtilitySettings settings) {
    tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into ledger_utilities (utility_id, name, settings) values (?, ?, ?::jsonb) "
                      + "on conflict (utility_id) do update set name = excluded.name, settings = excluded.settings")) {
            ps.setString(1, utilityId);
            ps.setString(2, name);
            ps.setString(3, Json.write(settings));
            ps.executeUpdate();
          }
          return null;
        });
  }

  public void addHoliday(String utilityId, LocalDate day, String name) {
    tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into ledger_holidays (utility_id, day, name) values (?, ?, ?) "
                      + "on conflict (utility_id, day) do update set name = excluded.name")) {
            ps.setString(1, utilityId);
            ps.setDate(2, Date.valueOf(day));
            ps.setString(3, name);
            ps.executeUpdate();
          }
          return null;
        });
  }

  public UtilitySettings settings(String utilityId) {
    return tx.inTransaction(c -> settings(c, utilityId));
  }

  /** The utility's name as printed on bills and receipts. */
  public Optional<String> name(String utilityId) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("select name from ledger_utilities where utility_id = ?")) {
            ps.setString(1, utilityId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  public Set<LocalDate> holidays(String utilityId) {
    return tx.inTransaction(c -> holidays(c, utilityId));
  }

  public static UtilitySettings settings(Connection c, String utilityId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select settings::text from ledger_utilities where utility_id = ?")) {
      ps.setString(1, utilityId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalArgumentException("unknown utility " + utilityId);
        }
        return Json.read(rs.getString(1), UtilitySettings.class);
      }
    }
  }

  public static Set<LocalDate> holidays(Connection c, String utilityId) throws SQLException {
    Set<LocalDate> days = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement("select day from ledger_holidays where utility_id = ?")) {
      ps.setString(1, utilityId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          days.add(rs.getDate(1).toLocalDate());
        }
      }
    }
    return days;
  }
}
