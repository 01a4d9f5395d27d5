package org.urja.ledger.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.ledger.support.LedgerFixture.reading;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;
import org.urja.ledger.tariff.TimeOfDayBand;

/** A bill is priced by the prepaid engine's tariff rules, each line rounded once. */
class BillPricingTest {

  private static final ZoneId IST = ZoneId.of("Asia/Kolkata");
  private static final Tariff TOD =
      new Tariff(
          "U",
          "T",
          java.time.LocalDate.of(2020, 1, 1),
          List.of(
              new Slab(new BigDecimal("100"), new BigDecimal("335")),
              new Slab(null, new BigDecimal("500"))),
          BigDecimal.ZERO,
          new BigDecimal("5"),
          List.of(
              new TimeOfDayBand(
                  java.time.LocalTime.of(18, 0),
                  java.time.LocalTime.of(22, 0),
                  new BigDecimal("1.20")),
              new TimeOfDayBand(
                  java.time.LocalTime.of(22, 0),
                  java.time.LocalTime.of(6, 0),
                  new BigDecimal("0.90"))),
          new Rebate(Rebate.Kind.PERCENT, new BigDecimal("3")));

  @Test
  void energyInThePeakBandCarriesItsTimeOfDayAdjustmentAndNoPrepaidRebate() {
    // 10 kWh between 18:00 and 22:00 IST on 1 Feb, nothing else in the month
    BillPricing.Priced p =
        BillPricing.price(
            TOD,
            IST,
            List.of(
                reading("M", "2026-01-31T18:30:00Z", 0),
                reading("M", "2026-02-01T12:30:00Z", 0),
                reading("M", "2026-02-01T16:30:00Z", 10_000),
                reading("M", "2026-02-28T18:30:00Z", 10_000)),
            BigDecimal.ONE,
            28);

    // 10 × 335 = 3,350; × 1.2 = 4,020, so +670; duty 5 % of 4,020 = 201
    assertThat(p.lines())
        .extracting(BillLine::kind, BillLine::amountPaise)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ENERGY", 3_350L),
            org.assertj.core.groups.Tuple.tuple("TIME_OF_DAY", 670L),
            org.assertj.core.groups.Tuple.tuple("DUTY", 201L));
    assertThat(p.totalPaise()).isEqualTo(4_221);
    assertThat(p.kwh()).isEqualByComparingTo("10");
  }

  @Test
  void slabsRunOverTheWholePeriodAcrossIntervalsAndNightEnergyIsCheaper() {
    // 60 kWh at night (×0.9) then 60 kWh by day (×1): slab 1 ends inside the second interval
    BillPricing.Priced p =
        BillPricing.price(
            TOD,
            IST,
            List.of(
                reading("M", "2026-02-01T16:30:00Z", 0),
                reading("M", "2026-02-02T00:30:00Z", 60_000),
                reading("M", "2026-02-02T04:30:00Z", 120_000)),
            BigDecimal.ONE,
            0);

    // slab 1: 100 kWh × 335 = 33,500; slab 2: 20 × 500 = 10,000; exact ToD energy: 60 × 335 × 0.9 +
    // 40 × 335 + 20 × 500 = 18,090 + 13,400 + 10,000 = 41,490, so −2,010
    assertThat(p.lines())
        .extracting(BillLine::kind, BillLine::amountPaise)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ENERGY", 33_500L),
                org.assertj.core.groups.Tuple.tuple("ENERGY", 10_000L),
            org.assertj.core.groups.Tuple.tuple("TIME_OF_DAY", -2_010L),
                org.assertj.core.groups.Tuple.tuple("DUTY", 2_075L));
  }
}
