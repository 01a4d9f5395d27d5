package org.urja.headend.api.consumption;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.urja.headend.api.Rows;
import org.urja.ingest.store.RegisterIntervals;
import org.urja.protocol.cosem.CosemObjects;

/**
 * An account's kWh per local day or month ({@code GET /api/accounts/{id}/consumption}): for each
 * meter the account has had, the import register's difference between the local midnights that
 * bound the period (the last reading at or before each), counted only while the meter was the
 * account's. Answered from the stored readings, so a back-filled reading counts at once.
 */
public final class AccountConsumption {
  public static final String ENERGY_IMPORT = CosemObjects.ACTIVE_ENERGY_IMPORT.obis().toString();
  private static final BigDecimal WH_PER_KWH = BigDecimal.valueOf(1000);
  private final Rows rows;
  private final RegisterIntervals intervals;
  private final UtilityZones zones;

  public AccountConsumption(Rows rows, RegisterIntervals intervals, UtilityZones zones) {
    this.rows = rows;
    this.intervals = intervals;
    this.zones = zones;
  }

  /** The zone the account's days and months are in (its utility's). */
  public ZoneId zone(String accountId) {
    return zones.of(
        rows.one("select utility_id from ledger_api.accounts where account_id = ?", accountId)
            .map(r -> (String) r.get("utilityId"))
            .orElse(null));
  }

  /**
   * The last {@code count} local periods up to and including the current one (today, this month),
   * oldest first; {@code kwh} and {@code wh} are null for a period before any reading of the
   * account's meters. The current period counts up to the latest reading.
   */
  public List<Map<String, Object>> periods(
      String accountId, LocalBuckets size, int count, Instant now) {
    if (size != LocalBuckets.DAY && size != LocalBuckets.MONTH) {
      throw new IllegalArgumentException("consumption is per day or month, not " + size);
    }
    ZoneId zone = zone(accountId);
    List<Instant> starts = new ArrayList<>();
    Instant b = size.floor(now, zone);
    starts.add(b);
    for (int i = 1; i < count; i++) {
      // step back from the current period: the month or day before, at local midnight
      LocalDate d = b.atZone(zone).toLocalDate();
      b =
          (size == LocalBuckets.DAY ? d.minusDays(1) : d.minusMonths(1))
              .atStartOfDay(zone)
              .toInstant();
      starts.add(0, b);
    }
    List<Instant> boundaries = new ArrayList<>(starts);
    boundaries.add(size.next(starts.get(starts.size() - 1), zone));
    BigDecimal[] wh = new BigDecimal[starts.size()];
    for (Map<String, Object> link :
        rows.list(
            "select meter_serial, valid_from, valid_to from ledger_api.account_meters "
                + "where account_id = ? and valid_from < ? and (valid_to is null or valid_to > ?)",
            accountId,
            boundaries.get(boundaries.size() - 1),
            boundaries.get(0))) {
      addLink(
          wh,
          boundaries,
          (String) link.get("meterSerial"),
          toInstant(link.get("validFrom")),
          toInstant(link.get("validTo")));
    }
    List<Map<String, Object>> out = new ArrayList<>(starts.size());
    for (int i = 0; i < starts.size(); i++) {
      Map<String, Object> o = new LinkedHashMap<>();
      LocalDate day = starts.get(i).atZone(zone).toLocalDate();
      o.put(size == LocalBuckets.DAY ? "day" : "month", day);
      o.put("start", starts.get(i));
      o.put("end", boundaries.get(i + 1));
      o.put("kwh", wh[i] == null ? null : wh[i].divide(WH_PER_KWH, 3, RoundingMode.HALF_UP));
      o.put("wh", wh[i]);
      out.add(o);
    }
    return out;
  }

  /**
   * Adds one meter's share: the period boundaries inside the meter's time with the account, and its
   * start and end where they fall inside a period (a replaced meter's last day is its own up to the
   * replacement, the new meter's from then on).
   */
  private void addLink(
      BigDecimal[] wh, List<Instant> boundaries, String serial, Instant from, Instant to) {
    List<Instant> cuts = new ArrayList<>();
    List<Integer> periodOf = new ArrayList<>();
    for (int i = 0; i + 1 < boundaries.size(); i++) {
      Instant start = max(boundaries.get(i), from);
      Instant end = to == null ? boundaries.get(i + 1) : min(boundaries.get(i + 1), to);
      if (!start.isBefore(end)) {
        continue;
      }
      if (cuts.isEmpty() || !cuts.get(cuts.size() - 1).equals(start)) {
        cuts.add(start);
        periodOf.add(-1); // a gap between two cuts belongs to no period
      }
      cuts.add(end);
      periodOf.set(periodOf.size() - 1, i);
      periodOf.add(-1);
    }
    if (cuts.size() < 2) {
      return;
    }
    List<RegisterIntervals.Interval> got = intervals.over(serial, ENERGY_IMPORT, cuts);
    for (int k = 0; k < got.size(); k++) {
      int period = periodOf.get(k);
      if (period < 0) {
        continue;
      }
      BigDecimal d = got.get(k).difference().orElse(null);
      if (d != null) {
        wh[period] = wh[period] == null ? d : wh[period].add(d);
      }
    }
  }

  private static Instant toInstant(Object o) {
    if (o == null) {
      return null;
    }
    // Rows hands timestamps over as Instants
    return (Instant) o;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
