package org.urja.headend.selfcare;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.api.Rows;
import org.urja.ledger.alerts.NotificationKind;
import org.urja.ledger.money.IndianFormat;

/**
 * Recognises a feeder outage from power-failure events (101) of several meters on one feeder
 * (meter_network), and closes it when none of them is still without a restoration (102). Consumers
 * who report no supply on that feeder are shown the outage instead of opening a complaint each.
 * Safe on several nodes at once: one open outage per feeder is a unique index.
 *
 * <p>Every account served by a meter on the feeder is told once that the outage opened and once
 * that the supply is restored: each scan tells what is not yet told, and marks it told in the same
 * transaction (the messages are keyed by outage, account and occasion as well, so a second node
 * adds nothing). A scan that only updates an open outage's count of meters tells nothing.
 */
public final class Outages {
  private static final Logger log = LoggerFactory.getLogger(Outages.class);
  static final int POWER_FAILURE = 101;
  static final int POWER_RESTORED = 102;
  private final Rows rows;
  private final ConsumerOutbox outbox;
  private final int minMeters;
  private final Duration window;
  private final Clock clock;

  public Outages(Rows rows, ConsumerOutbox outbox, int minMeters, Duration window, Clock clock) {
    this.rows = rows;
    this.outbox = outbox;
    this.minMeters = minMeters;
    this.window = window;
    this.clock = clock;
  }

  // meters of a feeder whose latest power event within the window is a failure
  private static final String STILL_DARK =
      "select n.feeder, max(coalesce(m.utility, '')) as utility, "
          + "min(last.ts) as first_event_at, count(*) as meters from meter_network n join ingest_api.meters m on m.serial = n.meter_serial "
          + "join lateral (select e.code, e.ts from ingest_api.meter_events e where e.meter_id = m.id and e.code in (101, 102) "
          + "and e.ts > ? order by e.ts desc limit 1) last on last.code = 101 ";

  /**
   * Opens outages for feeders with enough dark meters and closes those whose meters are all back;
   * returns the outages opened or still open.
   */
  public int scan() {
    Instant now = clock.instant();
    Instant since = now.minus(window);
    int opened =
        rows.update(
            "insert into outages (utility_id, feeder, opened_at, first_event_at, meters_affected) "
                + "select nullif(d.utility, ''), d.feeder, ?, d.first_event_at, d.meters from ("
                + STILL_DARK
                + "group by n.feeder having count(*) >= ?) d on conflict (feeder) where closed_at is null "
                + "do update set meters_affected = excluded.meters_affected",
            now,
            since,
            minMeters);
    rows.update(
        "update outages o set closed_at = ? where closed_at is null and not exists ("
            + STILL_DARK
            + "where n.feeder = o.feeder group by n.feeder having count(*) > 0)",
        now,
        since);
    tellConsumers();
    return opened;
  }

  /** Tells the consumers of every outage whose opening or restoration they were not yet told. */
  private void tellConsumers() {
    List<Map<String, Object>> untold =
        rows.list(
            "select id from outages where opening_told_at is null "
                + "or (closed_at is not null and restoration_told_at is null) order by id");
    for (Map<String, Object> outage : untold) {
      long id = ((Number) outage.get("id")).longValue();
      try {
        rows.inTransaction(c -> tell(c, id));
      } catch (RuntimeException e) {
        // left untold, so the next scan tries again; the other outages, and a consumer's
        // complaint that ran this scan, go on
        log.warn("outage {}: consumers not told yet, next scan retries: {}", id, e.toString());
      }
    }
  }

  private void tell(Connection c, long id) throws SQLException {
    // another node telling this outage holds its row: it is left to that node
    List<Map<String, Object>> locked =
        Rows.list(
            c,
            "select feeder, first_event_at, closed_at, opening_told_at, restoration_told_at "
                + "from outages where id = ? for update skip locked",
            id);
    if (locked.isEmpty()) {
      return;
    }
    Map<String, Object> o = locked.get(0);
    String feeder = (String) o.get("feeder");
    List<String> accounts =
        Rows.list(
                c,
                "select distinct l.account_id from meter_network n join ledger_api.account_meters l "
                    + "on l.meter_serial = n.meter_serial and l.valid_to is null where n.feeder = ? "
                    + "order by l.account_id",
                feeder)
            .stream()
            .map(r -> (String) r.get("accountId"))
            .toList();
    Instant now = clock.instant();
    if (o.get("openingToldAt") == null) {
      tell(
          c, accounts, id, "opened", NotificationKind.OUTAGE_OPENED, feeder, o.get("firstEventAt"));
      Rows.update(c, "update outages set opening_told_at = ? where id = ?", now, id);
    }
    if (o.get("closedAt") != null && o.get("restorationToldAt") == null) {
      tell(
          c, accounts, id, "restored", NotificationKind.OUTAGE_RESTORED, feeder, o.get("closedAt"));
      Rows.update(c, "update outages set restoration_told_at = ? where id = ?", now, id);
    }
  }

  private void tell(
      Connection c,
      List<String> accounts,
      long id,
      String occasion,
      NotificationKind kind,
      String feeder,
      Object at)
      throws SQLException {
    Map<String, String> params =
        Map.of("feeder", feeder, "when", IndianFormat.dateTime((Instant) at));
    for (String account : accounts) {
      outbox.event(
          c, account, kind, language -> params, "outage:" + id + ":" + occasion + ":" + account);
    }
  }

  /** The open outage on the feeder that serves the account's meter, if any. */
  public Optional<Map<String, Object>> openFor(String accountId) {
    return rows.one(
        "select o.id as outage_id, o.feeder, o.opened_at, o.first_event_at, o.meters_affected "
            + "from outages o join meter_network n on n.feeder = o.feeder join ledger_api.account_meters l "
            + "on l.meter_serial = n.meter_serial and l.valid_to is null where l.account_id = ? and o.closed_at is null",
        accountId);
  }
}
