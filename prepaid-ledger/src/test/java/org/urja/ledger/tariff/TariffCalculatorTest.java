package org.urja.ledger.tariff;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TariffCalculatorTest {

  private static final ZoneId IST = ZoneId.of("Asia/Kolkata");
  private final TariffCalculator calculator = new TariffCalculator(IST);

  private static Tariff telescopic(List<TimeOfDayBand> tod, Rebate rebate) {
    return new Tariff(
        "UPPCL",
        "LMV-1",
        LocalDate.of(2026, 4, 1),
        List.of(
            new Slab(new BigDecimal("100"), new BigDecimal("335")),
            new Slab(new BigDecimal("150"), new BigDecimal("385")),
            new Slab(null, new BigDecimal("500"))),
        new BigDecimal("110"),
        new BigDecimal("5"),
        tod,
        rebate);
  }

  private static final List<TimeOfDayBand> PEAK_AND_NIGHT =
      List.of(
          new TimeOfDayBand(LocalTime.of(18, 0), LocalTime.of(22, 0), new BigDecimal("1.20")),
          new TimeOfDayBand(LocalTime.of(22, 0), LocalTime.of(6, 0), new BigDecimal("0.90")));

  private static Instant ist(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(IST).toInstant();
  }

  private ChargeLines charge(Tariff t, String mtd, String kwh, String from, String to) {
    return calculator.energy(t, new BigDecimal(mtd), new BigDecimal(kwh), ist(from), ist(to), true);
  }

  @Test
  void consumptionStraddlingASlabBoundaryIsSplitBetweenTheRates() {
    ChargeLines lines =
        charge(telescopic(List.of(), null), "95", "10", "2026-05-10T10:00", "2026-05-10T11:00");
    assertThat(lines.energyPaise()).isEqualTo(5 * 335 + 5 * 385);
    assertThat(lines.dutyPaise()).isEqualTo(180);
    assertThat(lines.totalPaise()).isEqualTo(3780);
  }

  @Test
  void theHundredthUnitIsStillInTheFirstSlab() {
    assertThat(
            charge(telescopic(List.of(), null), "99", "1", "2026-05-10T10:00", "2026-05-10T11:00")
                .energyPaise())
        .isEqualTo(335);
    assertThat(
            charge(telescopic(List.of(), null), "100", "1", "2026-05-10T10:00", "2026-05-10T11:00")
                .energyPaise())
        .isEqualTo(385);
    assertThat(
            charge(telescopic(List.of(), null), "400", "1", "2026-05-10T10:00", "2026-05-10T11:00")
                .energyPaise())
        .isEqualTo(500);
  }

  @Test
  void eachLineIsRoundedHalfUpToThePaisaAndTheTotalIsTheirSum() {
    ChargeLines lines =
        charge(telescopic(List.of(), null), "0", "0.333", "2026-05-10T10:00", "2026-05-10T10:15");
    assertThat(lines.energyPaise()).isEqualTo(112); // 111.555
    assertThat(lines.dutyPaise()).isEqualTo(6); // 5.6
    assertThat(lines.totalPaise()).isEqualTo(118);
    ChargeLines half =
        charge(telescopic(List.of(), null), "0", "0.1", "2026-05-10T10:00", "2026-05-10T10:15");
    assertThat(half.energyPaise()).isEqualTo(34); // 33.5 rounds up
    assertThat(half.dutyPaise()).isEqualTo(2); // 1.7
  }

  @Test
  void peakHoursInIstCostTwentyPercentMore() {
    ChargeLines peak =
        charge(telescopic(PEAK_AND_NIGHT, null), "0", "1", "2026-05-10T18:00", "2026-05-10T19:00");
    assertThat(peak.todMultiplier()).isEqualByComparingTo("1.2");
    assertThat(peak.energyPaise()).isEqualTo(402);
    ChargeLines day =
        charge(telescopic(PEAK_AND_NIGHT, null), "0", "1", "2026-05-10T12:00", "2026-05-10T13:00");
    assertThat(day.energyPaise()).isEqualTo(335);
    ChargeLines night =
        charge(telescopic(PEAK_AND_NIGHT, null), "0", "1", "2026-05-10T23:00", "2026-05-11T00:15");
    assertThat(night.energyPaise()).isEqualTo(302); // 301.5
  }

  @Test
  void anIntervalAcrossBandsIsWeightedByTime() {
    ChargeLines lines =
        charge(telescopic(PEAK_AND_NIGHT, null), "0", "1", "2026-05-10T21:00", "2026-05-10T23:00");
    assertThat(lines.todMultiplier()).isEqualByComparingTo("1.05");
    assertThat(lines.energyPaise()).isEqualTo(352); // 351.75
  }

  @Test
  void prepaidRebateAsPercentageOrPaisePerUnit() {
    ChargeLines pct =
        charge(
            telescopic(List.of(), new Rebate(Rebate.Kind.PERCENT, new BigDecimal("3"))),
            "0",
            "1",
            "2026-05-10T10:00",
            "2026-05-10T11:00");
    assertThat(pct.rebatePaise()).isEqualTo(10); // 10.05
    assertThat(pct.dutyPaise()).isEqualTo(16); // 5% of 325 = 16.25
    assertThat(pct.totalPaise()).isEqualTo(341);
    ChargeLines perUnit =
        charge(
            telescopic(List.of(), new Rebate(Rebate.Kind.PAISE_PER_KWH, new BigDecimal("25"))),
            "0",
            "2",
            "2026-05-10T10:00",
            "2026-05-10T11:00");
    assertThat(perUnit.rebatePaise()).isEqualTo(50);
    assertThat(perUnit.totalPaise()).isEqualTo(670 - 50 + 31);
  }

  @Test
  void fixedChargeIsPerKilowattOfSanctionedLoadWithDuty() {
    ChargeLines lines = calculator.fixedDay(telescopic(List.of(), null), new BigDecimal("2"));
    assertThat(lines.fixedPaise()).isEqualTo(220);
    assertThat(lines.dutyPaise()).isEqualTo(11);
    assertThat(lines.totalPaise()).isEqualTo(231);
  }
}
