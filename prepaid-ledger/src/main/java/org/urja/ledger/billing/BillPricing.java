package org.urja.ledger.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.urja.ledger.charging.RegisterReading;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;
import org.urja.ledger.tariff.TariffCalculator;

/**
 * Prices one billing period with the prepaid engine's tariff: telescopic slabs over the period's
 * kWh, time-of-day multipliers weighted over each stored interval of the register (the engine's
 * rule for an interval: energy uniform over it), the fixed charge per kW of sanctioned load per
 * day, and duty on energy and fixed charge. No prepaid rebate. Figures stay exact until each line
 * is rounded HALF_UP to the paisa once; the total is the sum of the rounded lines.
 */
final class BillPricing {

  private static final BigDecimal WH_PER_KWH = BigDecimal.valueOf(1000);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  record Priced(BigDecimal kwh, List<BillLine> lines, long totalPaise) {}

  private BillPricing() {}

  /**
   * @param register the opening reading, any readings inside the period, the closing reading,
   *     oldest first; a reading below its predecessor (never admitted by ingest) is skipped
   */
  static Priced price(
      Tariff t,
      ZoneId zone,
      List<RegisterReading> register,
      BigDecimal sanctionedLoadKw,
      long days) {
    TariffCalculator calc = new TariffCalculator(zone);
    List<Slab> slabs = t.slabs();
    BigDecimal[] slabKwh = new BigDecimal[slabs.size()];
    BigDecimal[] slabExactWithTod = new BigDecimal[slabs.size()];
    java.util.Arrays.fill(slabKwh, BigDecimal.ZERO);
    java.util.Arrays.fill(slabExactWithTod, BigDecimal.ZERO);
    BigDecimal position = BigDecimal.ZERO;
    RegisterReading previous = register.get(0);
    for (RegisterReading r : register.subList(1, register.size())) {
      if (r.wh().compareTo(previous.wh()) < 0 || !r.ts().isAfter(previous.ts())) {
        continue;
      }
      BigDecimal delta = r.wh().subtract(previous.wh()).divide(WH_PER_KWH);
      BigDecimal multiplier = calc.weightedMultiplier(t, previous.ts(), r.ts());
      BigDecimal end = position.add(delta);
      BigDecimal lower = BigDecimal.ZERO;
      for (int i = 0; i < slabs.size(); i++) {
        BigDecimal upper = slabs.get(i).upToKwh();
        BigDecimal from = position.max(lower);
        BigDecimal to = upper == null ? end : end.min(upper);
        if (to.compareTo(from) > 0) {
          BigDecimal portion = to.subtract(from);
          slabKwh[i] = slabKwh[i].add(portion);
          slabExactWithTod[i] =
              slabExactWithTod[i].add(
                  portion.multiply(slabs.get(i).ratePaisePerKwh()).multiply(multiplier));
        }
        if (upper == null) {
          break;
        }
        lower = upper;
      }
      position = end;
      previous = r;
    }
    List<BillLine> lines = new ArrayList<>();
    long energy = 0;
    BigDecimal exactWithTod = BigDecimal.ZERO;
    BigDecimal lower = BigDecimal.ZERO;
    for (int i = 0; i < slabs.size(); i++) {
      Slab s = slabs.get(i);
      if (slabKwh[i].signum() > 0) {
        long amount = round(slabKwh[i].multiply(s.ratePaisePerKwh()));
        lines.add(
            new BillLine(
                BillLine.ENERGY,
                lower,
                s.upToKwh(),
                slabKwh[i],
                s.ratePaisePerKwh(),
                amount,
                null));
        energy += amount;
        exactWithTod = exactWithTod.add(slabExactWithTod[i]);
      }
      lower = s.upToKwh();
    }
    long tod = energy == 0 ? 0 : round(exactWithTod) - energy;
    if (tod != 0) {
      lines.add(
          new BillLine(
              BillLine.TIME_OF_DAY, null, null, BigDecimal.valueOf(energy), null, tod, null));
    }
    BigDecimal kwDays = sanctionedLoadKw.multiply(BigDecimal.valueOf(days));
    long fixed = round(kwDays.multiply(t.fixedChargePaisePerKwPerDay()));
    if (fixed != 0) {
      lines.add(
          new BillLine(
              BillLine.FIXED, null, null, kwDays, t.fixedChargePaisePerKwPerDay(), fixed, null));
    }
    long dutyBase = energy + tod + fixed;
    long duty = round(BigDecimal.valueOf(dutyBase).multiply(t.dutyPercent()).divide(HUNDRED));
    if (duty != 0) {
      lines.add(
          new BillLine(
              BillLine.DUTY,
              null,
              null,
              BigDecimal.valueOf(dutyBase),
              t.dutyPercent(),
              duty,
              null));
    }
    return new Priced(position, lines, dutyBase + duty);
  }

  static long round(BigDecimal paise) {
    return paise.setScale(0, RoundingMode.HALF_UP).longValueExact();
  }
}
