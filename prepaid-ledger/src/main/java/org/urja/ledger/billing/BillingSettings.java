package org.urja.ledger.billing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A utility's postpaid billing rules ({@code ledger_billing_settings}); a utility without a row
 * takes {@link #defaults()}.
 *
 * @param dueDays the due date is this many days after the bill's issue day (15)
 * @param latePaymentPercent surcharge on what was still unpaid of a bill at its due date, added
 *     once to the next bill (1.5 %)
 * @param reminderDaysBefore the "bill due" reminder goes out this many days before the due date,
 *     and again on it (3)
 * @param staleReadingHours a closing or opening reading older than this before the period's
 *     boundary makes the bill "estimated" (24)
 */
public record BillingSettings(
    int dueDays, BigDecimal latePaymentPercent, int reminderDaysBefore, int staleReadingHours) {

  public static BillingSettings defaults() {
    return new BillingSettings(15, new BigDecimal("1.50"), 3, 24);
  }

  /** Stores the utility's rules (replacing any earlier ones). */
  public static void save(Connection c, String utilityId, BillingSettings s) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into ledger_billing_settings (utility_id, due_days, late_payment_percent, reminder_days_before, "
                + "stale_reading_hours) values (?, ?, ?, ?, ?) on conflict (utility_id) do update set "
                + "due_days = excluded.due_days, late_payment_percent = excluded.late_payment_percent, "
                + "reminder_days_before = excluded.reminder_days_before, stale_reading_hours = excluded.stale_reading_hours")) {
      ps.setString(1, utilityId);
      ps.setInt(2, s.dueDays());
      ps.setBigDecimal(3, s.latePaymentPercent());
      ps.setInt(4, s.reminderDaysBefore());
      ps.setInt(5, s.staleReadingHours());
      ps.executeUpdate();
    }
  }

  public static BillingSettings load(Connection c, String utilityId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select due_days, late_payment_percent, reminder_days_before, "
                + "stale_reading_hours from ledger_billing_settings where utility_id = ?")) {
      ps.setString(1, utilityId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new BillingSettings(rs.getInt(1), rs.getBigDecimal(2), rs.getInt(3), rs.getInt(4))
            : defaults();
      }
    }
  }
}
