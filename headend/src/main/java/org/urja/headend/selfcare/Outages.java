package org.urja.headend.selfcare;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.urja.headend.api.Rows;

/**
 * Recognises a feeder outage from power-failure events (101) of several meters on one feeder
 * (meter_network), and closes it when none of them is still without a restoration (102). Consumers
 * who report no supply on that feeder are shown the outage instead of opening a complaint each.
 * Safe on several nodes at once: one open outage per feeder is a unique index.
 */
public final class Outages {
  static final int POWER_FAILURE = 101;
  static final int POWER_RESTORED = 102;
  private final Rows rows;
  private final int minMeters;
  private final Duration window;
  private final Clock clock;

  public Outages(Rows rows, int minMeters, Duration window, Clock clock) {
    this.rows = rows;
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
    return opened;
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
