package org.urja.ledger.charging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.db.Transactions;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.journal.EntryKind;
import org.urja.ledger.journal.JournalBatch;
import org.urja.ledger.journal.JournalEntry;
import org.urja.ledger.journal.PostedEntry;
import org.urja.ledger.tariff.ChargeLines;
import org.urja.ledger.tariff.Tariff;
import org.urja.ledger.tariff.TariffBook;
import org.urja.ledger.tariff.TariffCalculator;
import org.urja.ledger.tariff.TariffCatalog;

/**
 * Accrues one day's fixed charge (per kW of sanctioned load, with duty) to every prepaid account
 * opened on or before that day, whether or not its meter reported. Idempotent through the key
 * {@code fixed:{account}:{date}}: run it for a day as often as you like (a daily job, and again
 * after an outage to catch up missed days).
 */
public final class FixedChargeAccrual {

  private final Transactions tx;
  private final BalanceListener listener;
  private final int accountsPerTransaction;

  public FixedChargeAccrual(Transactions tx, BalanceListener listener) {
    this(tx, listener, 1_000);
  }

  public FixedChargeAccrual(Transactions tx, BalanceListener listener, int accountsPerTransaction) {
    this.tx = tx;
    this.listener = listener;
    this.accountsPerTransaction = accountsPerTransaction;
  }

  /** Returns the number of accounts charged now (0 when the day was already accrued). */
  public int accrue(LocalDate day) {
    List<String> accounts = tx.inTransaction(c -> prepaidAccounts(c, day));
    int posted = 0;
    for (int i = 0; i < accounts.size(); i += accountsPerTransaction) {
      List<String> chunk =
          accounts.subList(i, Math.min(accounts.size(), i + accountsPerTransaction));
      posted += tx.inTransaction(c -> accrueChunk(c, chunk, day));
    }
    return posted;
  }

  private int accrueChunk(Connection c, List<String> accountIds, LocalDate day)
      throws SQLException {
    JournalBatch journal = JournalBatch.lock(c, accountIds);
    Map<String, Account> accounts = AccountRegistry.findAll(c, accountIds);
    TariffCatalog tariffs = TariffBook.catalog(c);
    Map<String, ZoneId> zones = new HashMap<>();
    for (String id : accountIds) {
      Account a = accounts.get(id);
      if (!a.isPrepaid()) {
        continue; // switched to postpaid since the list was read
      }
      ZoneId zone = zones.get(a.utilityId());
      if (zone == null) {
        zone = ZoneId.of(UtilityRegistry.settings(c, a.utilityId()).zone());
        zones.put(a.utilityId(), zone);
      }
      Tariff tariff = tariffs.inForce(a.utilityId(), a.tariffCode(), day).orElse(null);
      if (tariff == null || a.openedAt().atZone(zone).toLocalDate().isAfter(day)) {
        continue;
      }
      ChargeLines lines = new TariffCalculator(zone).fixedDay(tariff, a.sanctionedLoadKw());
      if (lines.totalPaise() == 0) {
        continue;
      }
      Instant at = day.atStartOfDay(zone).toInstant();
      journal.add(
          JournalEntry.of(
                  id, EntryKind.FIXED_CHARGE, -lines.totalPaise(), "fixed:" + id + ":" + day, at)
              .withDetails(Map.of("tariff", tariff.code(), "day", day.toString(), "lines", lines)));
    }
    List<PostedEntry> posted = journal.flush();
    listener.onBalanceChanges(c, journal.changes());
    return posted.size();
  }

  private static List<String> prepaidAccounts(Connection c, LocalDate day) throws SQLException {
    List<String> ids = new ArrayList<>();
    // a coarse filter with a day to spare for time zones; the exact check is in the utility's zone
    try (PreparedStatement ps =
        c.prepareStatement(
            "select account_id from ledger_accounts where payment_mode = 'prepaid' and opened_at < ? "
                + "order by account_id")) {
      ps.setTimestamp(
          1, java.sql.Timestamp.from(day.plusDays(2).atStartOfDay(ZoneId.of("UTC")).toInstant()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }
}
