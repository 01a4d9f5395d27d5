package org.urja.ledger.relay;

import static org.urja.ledger.db.Sql.ts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.alerts.NotificationKind;
import org.urja.ledger.alerts.Notifier;
import org.urja.ledger.calendar.DisconnectionCalendar;
import org.urja.ledger.db.Transactions;
import org.urja.ledger.journal.BalanceChange;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.money.IndianFormat;
import org.urja.ledger.money.Money;

/**
 * The periodic sweep (every few minutes) that turns balances into relay commands and disconnection
 * notices for prepaid accounts. A disconnection is always preceded by a notice (one per episode of
 * negative balance, recorded in {@code ledger_disconnection_notices}), and by a reminder on the
 * morning of the planned day when the notice went out the day before or earlier. Only accounts in
 * debt, or whose meter is disconnected or has a pending disconnect, are looked at. Each account is
 * decided again under its balance row lock, so a recharge committed meanwhile is never overruled by
 * a stale decision.
 */
public final class RelayPolicyJob {

  /** What one evaluation did. */
  public record Outcome(
      int examined, int disconnectsQueued, int reconnectsQueued, int noticesQueued) {}

  private final Transactions tx;
  private final RelayCommandQueue queue;
  private final Notifier notifier;

  public RelayPolicyJob(Transactions tx, RelayCommandQueue queue, Notifier notifier) {
    this.tx = tx;
    this.queue = queue;
    this.notifier = notifier;
  }

  public Outcome evaluate(Instant now) {
    List<String> candidates = tx.inTransaction(RelayPolicyJob::candidates);
    Map<String, DisconnectionCalendar> calendars = new HashMap<>();
    int disconnects = 0;
    int reconnects = 0;
    int notices = 0;
    for (String accountId : candidates) {
      int[] done = tx.inTransaction(c -> evaluateAccount(c, accountId, now, calendars));
      disconnects += done[0];
      reconnects += done[1];
      notices += done[2];
    }
    return new Outcome(candidates.size(), disconnects, reconnects, notices);
  }

  /**
   * Decides, in the transaction that took them there, the accounts a movement has just taken below
   * zero (a charge, a fixed charge, a reversed payment), as {@link ReconnectOnRecharge} does for a
   * recharge: the same decision as the sweep's, taken seconds earlier. Under ingest at its ceiling
   * the sweep, on the shared scheduler and the main pool, decided 2.5–3.5 s after the deduction
   * (issue 11, {@code bench ledger --ceiling}); without grace that was most of the disconnection's
   * time. Accounts already in debt, whose grace or emergency credit runs out later, are left to the
   * sweep.
   *
   * <p>Runs under the transaction's balance locks (taken first, as everywhere, so the locks this
   * takes on the meter's relay commands come after them).
   */
  public BalanceListener atRunningOut(Clock clock) {
    return (c, changes) -> {
      Map<String, DisconnectionCalendar> calendars = new HashMap<>();
      for (BalanceChange ch : changes) {
        if (ch.beforePaise() >= 0 && ch.afterPaise() < 0) {
          evaluateAccount(c, ch.accountId(), clock.instant(), calendars);
        }
      }
    };
  }

  private int[] evaluateAccount(
      Connection c, String accountId, Instant now, Map<String, DisconnectionCalendar> calendars)
      throws SQLException {
    long balance;
    Instant negativeSince;
    try (PreparedStatement ps =
        c.prepareStatement(
            "select balance_paise, negative_since from balances where account_id = ? for update")) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        balance = rs.getLong(1);
        negativeSince = rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant();
      }
    }
    Account account = AccountRegistry.find(c, accountId).orElseThrow();
    Optional<String> meter = RelayTargets.liveMeter(c, accountId);
    if (meter.isEmpty()) {
      return new int[3];
    }
    if (!account.isPrepaid()) {
      return releasePostpaid(c, accountId, meter.get(), now);
    }
    UtilitySettings settings = UtilityRegistry.settings(c, account.utilityId());
    DisconnectionCalendar calendar = calendars.get(account.utilityId());
    if (calendar == null) {
      calendar =
          new DisconnectionCalendar(settings, UtilityRegistry.holidays(c, account.utilityId()));
      calendars.put(account.utilityId(), calendar);
    }
    Instant noticeSentAt = negativeSince == null ? null : noticeSentAt(c, accountId, negativeSince);
    RelayView view =
        new RelayView(
            balance,
            negativeSince,
            RelayCommandStore.relayState(c, meter.get()).orElse(null),
            RelayTargets.pendingAction(c, meter.get()).orElse(null),
            noticeSentAt);
    RelayDecision decision = RelayDecider.decide(view, settings, calendar, now);
    int[] done = new int[3];
    Instant planned = decision.plannedDisconnectAt();
    if (planned != null
        && noticeSentAt == null
        && !now.isBefore(planned.minus(Duration.ofHours(settings.disconnectNoticeHours())))) {
      notifier.notify(
          c,
          account,
          NotificationKind.DISCONNECTION_NOTICE,
          Map.of(
              "balance", Money.ofPaise(balance).format(), "when", IndianFormat.dateTime(planned)),
          "notice:" + accountId + ":" + negativeSince);
      recordNotice(c, accountId, negativeSince, now, planned);
      done[2] = 1;
      // decided again with the notice given: a utility that asks for no notice period disconnects
      // now, not at the next evaluation (a sweep later, or never for a decision at running out)
      decision =
          RelayDecider.decide(
              new RelayView(
                  view.balancePaise(),
                  view.negativeSince(),
                  view.relayState(),
                  view.pendingAction(),
                  now),
              settings,
              calendar,
              now);
    }
    if (planned != null
        && decision.action() == null
        && noticeSentAt != null
        && remindToday(settings, noticeSentAt, planned, now)
        && markReminder(c, accountId, negativeSince, now)) {
      notifier.notify(
          c,
          account,
          NotificationKind.DISCONNECTION_TODAY,
          Map.of(
              "balance", Money.ofPaise(balance).format(), "when", IndianFormat.dateTime(planned)),
          "notice-today:" + accountId + ":" + negativeSince);
      done[2] = 1;
    }
    if (decision.action() != null
        && RelayTargets.heldAction(c, meter.get(), now).orElse(null) == decision.action()) {
      return done; // cancelled by an operator, or a disconnect that failed: not re-queued every
      // period
    }
    if (decision.action() == RelayAction.DISCONNECT) {
      String credit =
          settings.emergencyCreditPaise() > 0
              ? ", emergency credit of "
                  + Money.ofPaise(settings.emergencyCreditPaise()).format()
                  + " used up"
              : "";
      queue.request(
          c,
          meter.get(),
          accountId,
          RelayAction.DISCONNECT,
          "balance "
              + Money.ofPaise(balance).format()
              + " negative since "
              + negativeSince
              + ", grace of "
              + settings.graceDays()
              + " days over"
              + credit,
          "system");
      done[0] = 1;
    } else if (decision.action() == RelayAction.RECONNECT) {
      queue.request(
          c,
          meter.get(),
          accountId,
          RelayAction.RECONNECT,
          "balance " + Money.ofPaise(balance).format() + " at or above the reconnection threshold",
          "system");
      done[1] = 1;
    }
    return done;
  }

  /**
   * An account switched to postpaid while the prepaid engine had it disconnected: the engine's own
   * disconnection no longer applies, so it is undone (an operator's disconnection is left alone).
   */
  private int[] releasePostpaid(Connection c, String accountId, String meter, Instant now)
      throws SQLException {
    if (RelayTargets.pendingAction(c, meter).isPresent()
        || !RelayTargets.disconnectedBySystem(c, meter)
        || RelayTargets.heldAction(c, meter, now).isPresent()) {
      return new int[3];
    }
    queue.request(
        c,
        meter,
        accountId,
        RelayAction.RECONNECT,
        "account is postpaid: prepaid disconnection lifted",
        "system");
    return new int[] {0, 1, 0};
  }

  /**
   * The planned day has come (in the utility's zone), the notice went out on an earlier day, it is
   * past the reminder hour and the disconnection has not happened yet.
   */
  static boolean remindToday(
      UtilitySettings settings, Instant noticeSentAt, Instant planned, Instant now) {
    ZoneId zone = ZoneId.of(settings.zone());
    LocalDate plannedDay = planned.atZone(zone).toLocalDate();
    ZonedDateTime local = now.atZone(zone);
    return local.toLocalDate().equals(plannedDay)
        && noticeSentAt.atZone(zone).toLocalDate().isBefore(plannedDay)
        && !local.toLocalTime().isBefore(settings.dayOfReminderAt())
        && now.isBefore(planned);
  }

  /** Claims the episode's one reminder; false when it was sent already. */
  private static boolean markReminder(
      Connection c, String accountId, Instant negativeSince, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update ledger_disconnection_notices set reminder_sent_at = ? "
                + "where account_id = ? and negative_since = ? and reminder_sent_at is null")) {
      ps.setTimestamp(1, ts(now));
      ps.setString(2, accountId);
      ps.setTimestamp(3, ts(negativeSince));
      return ps.executeUpdate() == 1;
    }
  }

  private static Instant noticeSentAt(Connection c, String accountId, Instant negativeSince)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select sent_at from ledger_disconnection_notices where account_id = ? and negative_since = ?")) {
      ps.setString(1, accountId);
      ps.setTimestamp(2, ts(negativeSince));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getTimestamp(1).toInstant() : null;
      }
    }
  }

  private static void recordNotice(
      Connection c, String accountId, Instant negativeSince, Instant sentAt, Instant plannedAt)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into ledger_disconnection_notices (account_id, "
                + "negative_since, sent_at, planned_at) values (?, ?, ?, ?) on conflict do nothing")) {
      ps.setString(1, accountId);
      ps.setTimestamp(2, ts(negativeSince));
      ps.setTimestamp(3, ts(sentAt));
      ps.setTimestamp(4, ts(plannedAt));
      ps.executeUpdate();
    }
  }

  private static List<String> candidates(Connection c) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "select b.account_id from balances b join ledger_accounts a on a.account_id = b.account_id "
                    + "join ledger_account_meters m on m.account_id = b.account_id and m.valid_to is null "
                    + "left join ledger_relay_state s on s.meter_serial = m.meter_serial "
                    + "where (a.payment_mode = 'prepaid' and (b.balance_paise < 0 or s.state = 'disconnected' "
                    + "or exists (select 1 from relay_commands r where r.meter_serial = m.meter_serial "
                    + "and r.action = 'disconnect' and r.status in ('created', 'sent', 'needs_operator')))) "
                    + "or (a.payment_mode = 'postpaid' and s.state = 'disconnected') order by b.account_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }
}
