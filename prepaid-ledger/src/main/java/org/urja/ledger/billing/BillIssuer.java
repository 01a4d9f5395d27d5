package org.urja.ledger.billing;

import static org.urja.ledger.db.Sql.ts;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.MeterSerial;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.alerts.MessageTemplates;
import org.urja.ledger.alerts.NotificationKind;
import org.urja.ledger.alerts.Notifier;
import org.urja.ledger.charging.RegisterReading;
import org.urja.ledger.db.Json;
import org.urja.ledger.db.Transactions;
import org.urja.ledger.journal.EntryKind;
import org.urja.ledger.journal.JournalBatch;
import org.urja.ledger.journal.JournalEntry;
import org.urja.ledger.journal.PostedEntry;
import org.urja.ledger.money.Money;
import org.urja.ledger.tariff.Tariff;

/**
 * Writes one bill in one transaction: under the account's balance lock it checks the period is not
 * billed yet, prices it, adds the late-payment charge of an overdue previous bill, takes the
 * utility's next bill number (gap-free: the counter row is updated in this same transaction), posts
 * the charges to the journal and queues the "bill issued" message.
 */
public final class BillIssuer {

  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");

  /** A bill and whether this call issued it ({@code false}: it existed already). */
  public record Outcome(Bill bill, boolean fresh) {}

  private final Transactions tx;
  private final Notifier notifier;

  public BillIssuer(Transactions tx, Notifier notifier) {
    this.tx = tx;
    this.notifier = notifier;
  }

  Outcome issue(
      Account account,
      BillingPeriod period,
      String meter,
      List<RegisterReading> series,
      Tariff tariff,
      long days,
      boolean estimated,
      Instant now) {
    return tx.inTransaction(
        c -> {
          JournalBatch journal = JournalBatch.lock(c, List.of(account.accountId()));
          List<Bill> bills = Bills.ofAccount(c, account.accountId());
          Optional<Bill> existing =
              bills.stream().filter(b -> b.periodStart().equals(period.firstDay())).findFirst();
          if (existing.isPresent()) {
            return new Outcome(existing.get(), false);
          }
          BillingSettings settings = BillingSettings.load(c, account.utilityId());
          BillPricing.Priced priced =
              BillPricing.price(tariff, period.zone(), series, account.sanctionedLoadKw(), days);
          List<BillLine> lines = new ArrayList<>(priced.lines());
          LocalDate today = now.atZone(period.zone()).toLocalDate();
          Optional<Bill> overdue =
              bills.stream()
                  .filter(b -> b.periodStart().isBefore(period.firstDay()))
                  .findFirst()
                  .filter(b -> b.unpaidPaise() > 0 && b.dueDate().isBefore(today));
          long late = 0;
          if (overdue.isPresent() && settings.latePaymentPercent().signum() > 0) {
            Bill o = overdue.get();
            late =
                BillPricing.round(
                    BigDecimal.valueOf(o.unpaidPaise())
                        .multiply(settings.latePaymentPercent())
                        .divide(BigDecimal.valueOf(100)));
            if (late > 0) {
              lines.add(
                  new BillLine(
                      BillLine.LATE_PAYMENT,
                      null,
                      null,
                      BigDecimal.valueOf(o.unpaidPaise()),
                      settings.latePaymentPercent(),
                      late,
                      o.billNo()));
            }
          }
          long balanceBefore = journal.balanceBefore(account.accountId());
          long arrears = Math.max(0, -balanceBefore);
          long advance = Math.max(0, balanceBefore);
          long current = priced.totalPaise();
          long amountDue = Math.max(0, current + late + arrears - advance);
          long sequence = nextNumber(c, account.utilityId());
          String billNo =
              account.utilityId().toUpperCase(Locale.ROOT) + "-B" + String.format("%07d", sequence);
          LocalDate dueDate = today.plusDays(settings.dueDays());
          journal.add(
              JournalEntry.of(
                      account.accountId(),
                      EntryKind.BILL,
                      -current,
                      "bill:" + account.accountId() + ":" + period.month(),
                      now)
                  .withMeter(meter == null ? null : MeterSerial.of(meter))
                  .withReference(billNo)
                  .withDetails(Map.of("bill", billNo, "period", period.month().toString())));
          if (late > 0) {
            journal.add(
                JournalEntry.of(
                        account.accountId(),
                        EntryKind.LATE_PAYMENT_CHARGE,
                        -late,
                        "late:" + overdue.get().billNo(),
                        now)
                    .withReference(billNo)
                    .withDetails(Map.of("bill", billNo, "overdueBill", overdue.get().billNo())));
          }
          List<PostedEntry> posted = journal.flush();
          RegisterReading opening = series.get(0);
          RegisterReading closing = series.get(series.size() - 1);
          insert(
              c,
              billNo,
              sequence,
              account,
              period,
              meter,
              opening,
              closing,
              estimated,
              priced.kwh(),
              lines,
              current,
              late,
              arrears,
              advance,
              amountDue,
              tariff.code(),
              now,
              dueDate,
              posted.get(0).id());
          Bill bill =
              Bills.ofAccount(c, account.accountId()).stream()
                  .filter(b -> b.billNo().equals(billNo))
                  .findFirst()
                  .orElseThrow();
          announce(c, account, bill, period);
          return new Outcome(bill, true);
        });
  }

  private void announce(Connection c, Account account, Bill bill, BillingPeriod period)
      throws SQLException {
    String language =
        MessageTemplates.languageOrDefault(
            account.language(), UtilityRegistry.settings(c, account.utilityId()).defaultLanguage());
    Map<String, String> params = new HashMap<>();
    params.put("bill", bill.billNo());
    params.put(
        "period",
        period
            .month()
            .format(
                DateTimeFormatter.ofPattern(
                    "MMMM yyyy",
                    "hi".equals(language) ? Locale.forLanguageTag("hi-IN") : Locale.ENGLISH)));
    params.put("units", bill.kwh().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
    params.put("amount", Money.ofPaise(bill.amountDuePaise()).format());
    params.put("dueDate", DATE.format(bill.dueDate()));
    notifier.notify(
        c, account, NotificationKind.BILL_ISSUED, params, "bill-issued:" + bill.billNo());
  }

  private static long nextNumber(Connection c, String utilityId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into ledger_bill_counters (utility_id, last_number) "
                + "values (?, 1) on conflict (utility_id) do update set last_number = ledger_bill_counters.last_number + 1 "
                + "returning last_number")) {
      ps.setString(1, utilityId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void insert(
      Connection c,
      String billNo,
      long sequence,
      Account account,
      BillingPeriod period,
      String meter,
      RegisterReading opening,
      RegisterReading closing,
      boolean estimated,
      BigDecimal kwh,
      List<BillLine> lines,
      long current,
      long late,
      long arrears,
      long advance,
      long amountDue,
      String tariffCode,
      Instant now,
      LocalDate dueDate,
      long entryId)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into ledger_bills (bill_no, account_id, utility_id, "
                + "sequence_no, period_start, period_end, meter_serial, opening_wh, opening_at, closing_wh, closing_at, "
                + "estimated, kwh, lines, current_charges_paise, late_payment_paise, arrears_paise, advance_paise, "
                + "amount_due_paise, tariff_code, issued_at, due_date, journal_entry_id) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int i = 1;
      ps.setString(i++, billNo);
      ps.setString(i++, account.accountId());
      ps.setString(i++, account.utilityId());
      ps.setLong(i++, sequence);
      ps.setDate(i++, Date.valueOf(period.firstDay()));
      ps.setDate(i++, Date.valueOf(period.endDay()));
      ps.setString(i++, meter);
      ps.setBigDecimal(i++, opening.wh());
      ps.setTimestamp(i++, ts(opening.ts()));
      ps.setBigDecimal(i++, closing.wh());
      ps.setTimestamp(i++, ts(closing.ts()));
      ps.setBoolean(i++, estimated);
      ps.setBigDecimal(i++, kwh);
      ps.setString(i++, Json.write(lines));
      ps.setLong(i++, current);
      ps.setLong(i++, late);
      ps.setLong(i++, arrears);
      ps.setLong(i++, advance);
      ps.setLong(i++, amountDue);
      ps.setString(i++, tariffCode);
      ps.setTimestamp(i++, ts(now));
      ps.setDate(i++, Date.valueOf(dueDate));
      ps.setLong(i, entryId);
      ps.executeUpdate();
    }
  }
}
