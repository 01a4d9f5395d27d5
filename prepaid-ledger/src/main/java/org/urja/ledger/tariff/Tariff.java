package org.urja.ledger.tariff;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One version of a utility's tariff, in force from {@code effectiveFrom} (local date) until the
 * next version of the same code. Rates are in paise and may carry fractions of a paisa; every
 * charge line is rounded HALF_UP to the paisa (see {@link TariffCalculator}).
 *
 * @param slabs telescopic energy slabs over the billing month's kWh, in ascending order
 * @param fixedChargePaisePerKwPerDay fixed charge per kW of sanctioned load per day
 * @param dutyPercent electricity duty on energy (after rebate) and fixed charges
 * @param timeOfDay multipliers on the energy charge; hours not covered are charged ×1
 * @param prepaidRebate rebate for prepaid consumers
 */
public record Tariff(
    String utilityId,
    String code,
    LocalDate effectiveFrom,
    List<Slab> slabs,
    BigDecimal fixedChargePaisePerKwPerDay,
    BigDecimal dutyPercent,
    List<TimeOfDayBand> timeOfDay,
    Rebate prepaidRebate) {

  public Tariff {
    if (slabs == null || slabs.isEmpty() || slabs.get(slabs.size() - 1).upToKwh() != null) {
      throw new IllegalArgumentException(
          "tariff " + code + " needs slabs ending with an open-ended one");
    }
    slabs = List.copyOf(slabs);
    timeOfDay = timeOfDay == null ? List.of() : List.copyOf(timeOfDay);
    fixedChargePaisePerKwPerDay =
        fixedChargePaisePerKwPerDay == null ? BigDecimal.ZERO : fixedChargePaisePerKwPerDay;
    dutyPercent = dutyPercent == null ? BigDecimal.ZERO : dutyPercent;
    prepaidRebate = prepaidRebate == null ? Rebate.none() : prepaidRebate;
  }
}
