package org.urja.ledger.tariff;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.TreeSet;

/**
 * Turns energy and days into charge lines. Rounding rule: intermediate products are exact
 * (BigDecimal); each line (energy, rebate, fixed, duty) is rounded HALF_UP to the paisa once, and
 * the total is the sum of the rounded lines, so a receipt's lines always add up.
 */
public final class TariffCalculator {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private final ZoneId zone;

  public TariffCalculator(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * Charges {@code deltaKwh} consumed between {@code from} and {@code to}, with {@code
   * monthToDateKwh} already consumed in the billing month (the slab position). Energy of a long
   * interval is assumed uniform over time when the time-of-day multipliers are weighted.
   */
  public ChargeLines energy(
      Tariff t,
      BigDecimal monthToDateKwh,
      BigDecimal deltaKwh,
      Instant from,
      Instant to,
      boolean prepaid) {
    BigDecimal slabbed = BigDecimal.ZERO;
    BigDecimal lower = BigDecimal.ZERO;
    BigDecimal end = monthToDateKwh.add(deltaKwh);
    for (Slab s : t.slabs()) {
      BigDecimal upper = s.upToKwh();
      BigDecimal portionFrom = monthToDateKwh.max(lower);
      BigDecimal portionTo = upper == null ? end : end.min(upper);
      if (portionTo.compareTo(portionFrom) > 0) {
        slabbed = slabbed.add(portionTo.subtract(portionFrom).multiply(s.ratePaisePerKwh()));
      }
      if (upper == null) {
        break;
      }
      lower = upper;
    }
    BigDecimal multiplier = weightedMultiplier(t, from, to);
    long energy = round(slabbed.multiply(multiplier));
    long rebate = prepaid ? rebate(t.prepaidRebate(), energy, deltaKwh) : 0;
    long duty =
        round(BigDecimal.valueOf(energy - rebate).multiply(t.dutyPercent()).divide(HUNDRED));
    return new ChargeLines(deltaKwh, multiplier, energy, rebate, 0, duty, energy - rebate + duty);
  }

  /** One day's fixed charge for the sanctioned load, with duty. */
  public ChargeLines fixedDay(Tariff t, BigDecimal sanctionedLoadKw) {
    long fixed = round(sanctionedLoadKw.multiply(t.fixedChargePaisePerKwPerDay()));
    long duty = round(BigDecimal.valueOf(fixed).multiply(t.dutyPercent()).divide(HUNDRED));
    return new ChargeLines(BigDecimal.ZERO, BigDecimal.ONE, 0, 0, fixed, duty, fixed + duty);
  }

  private static long rebate(Rebate r, long energyPaise, BigDecimal kwh) {
    BigDecimal exact =
        switch (r.kind()) {
          case PERCENT -> BigDecimal.valueOf(energyPaise).multiply(r.value()).divide(HUNDRED);
          case PAISE_PER_KWH -> kwh.multiply(r.value());
        };
    // a rebate never turns a charge into a credit
    return Math.min(round(exact), energyPaise);
  }

  /** The time-weighted average multiplier over [from, to), walking the band edges in local time. */
  public BigDecimal weightedMultiplier(Tariff t, Instant from, Instant to) {
    if (t.timeOfDay().isEmpty() || from == null || !to.isAfter(from)) {
      return multiplierAt(t, to == null ? LocalTime.MIDNIGHT : to.atZone(zone).toLocalTime());
    }
    TreeSet<LocalTime> edges = new TreeSet<>();
    for (TimeOfDayBand b : t.timeOfDay()) {
      edges.add(b.from());
      edges.add(b.to());
    }
    BigDecimal weighted = BigDecimal.ZERO;
    ZonedDateTime cursor = from.atZone(zone);
    ZonedDateTime end = to.atZone(zone);
    while (cursor.isBefore(end)) {
      LocalTime now = cursor.toLocalTime();
      LocalTime nextEdge = edges.higher(now);
      ZonedDateTime boundary =
          nextEdge == null
              ? cursor.toLocalDate().plusDays(1).atTime(edges.first()).atZone(zone)
              : cursor.toLocalDate().atTime(nextEdge).atZone(zone);
      ZonedDateTime segmentEnd = boundary.isBefore(end) ? boundary : end;
      long seconds = Duration.between(cursor, segmentEnd).getSeconds();
      weighted = weighted.add(multiplierAt(t, now).multiply(BigDecimal.valueOf(seconds)));
      cursor = segmentEnd;
    }
    long total = Duration.between(from, to).getSeconds();
    return weighted.divide(BigDecimal.valueOf(total), MathContext.DECIMAL64).stripTrailingZeros();
  }

  private static BigDecimal multiplierAt(Tariff t, LocalTime time) {
    for (TimeOfDayBand b : t.timeOfDay()) {
      if (b.contains(time)) {
        return b.multiplier();
      }
    }
    return BigDecimal.ONE;
  }

  private static long round(BigDecimal paise) {
    return paise.setScale(0, RoundingMode.HALF_UP).longValueExact();
  }
}
