package org.urja.ledger.charging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.ledger.support.LedgerFixture.reading;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.support.LedgerFixture;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;

class TelescopicChargingTest {

  private final LedgerFixture ledger = new LedgerFixture();
  private final ConsumptionCharger charger =
      new ConsumptionCharger(ledger.tx, BalanceListener.NONE);

  @Test
  void theSlabPositionIsTheAccountsConsumptionSoFarInTheBillingMonth() {
    ledger.tariffs.save(ledger.telescopicTariff());
    ledger.open("A1", "M1", PaymentMode.PREPAID);
    charger.charge(
        List.of(
            reading("M1", "2026-05-01T00:00:00Z", 0),
            reading("M1", "2026-05-15T00:00:00Z", 95_000)));
    long afterFirst = ledger.balance("A1");
    charger.charge(List.of(reading("M1", "2026-05-16T00:00:00Z", 105_000)));

    assertThat(afterFirst).isEqualTo(-(95 * 335 + Math.round(95 * 335 * 0.05)));
    long second = ledger.balance("A1") - afterFirst;
    assertThat(second).isEqualTo(-(5 * 335 + 5 * 385 + 180));
  }

  @Test
  void aNewBillingMonthInIstStartsAgainAtTheFirstSlab() {
    ledger.tariffs.save(ledger.telescopicTariff());
    ledger.open("A2", "M2", PaymentMode.PREPAID);
    charger.charge(
        List.of(
            reading("M2", "2026-05-01T00:00:00Z", 0),
            reading("M2", "2026-05-31T18:00:00Z", 200_000)));
    long may = ledger.balance("A2");
    // 2026-05-31T18:45Z is already 1 June 00:15 IST
    charger.charge(List.of(reading("M2", "2026-05-31T18:45:00Z", 201_000)));

    assertThat(ledger.balance("A2") - may).isEqualTo(-(335 + 17));
  }

  @Test
  void peakHourConsumptionIsChargedWithTheTimeOfDayMultiplier() {
    ledger.tariffs.save(ledger.withTimeOfDay(ledger.flatTariff()));
    ledger.open("A3", "M3", PaymentMode.PREPAID);
    // 13:00–14:00 UTC is 18:30–19:30 IST: peak
    charger.charge(
        List.of(
            reading("M3", "2026-05-10T13:00:00Z", 0), reading("M3", "2026-05-10T14:00:00Z", 1000)));

    assertThat(ledger.balance("A3")).isEqualTo(-600);
  }

  @Test
  void eachUtilityChargesByItsOwnTariff() {
    ledger.tariffs.save(ledger.flatTariff());
    ledger.utilities.register("MSEDCL", "Maharashtra", UtilitySettings.defaults());
    ledger.tariffs.save(
        new Tariff(
            "MSEDCL",
            LedgerFixture.TARIFF,
            LocalDate.of(2020, 1, 1),
            List.of(new Slab(null, new BigDecimal("700"))),
            null,
            null,
            null,
            null));
    ledger.open("U1", "UM1", PaymentMode.PREPAID);
    ledger.accounts.open(
        new Account(
            "U2",
            "MSEDCL",
            "Consumer U2",
            null,
            null,
            PaymentMode.PREPAID,
            LedgerFixture.TARIFF,
            BigDecimal.ONE,
            Instant.parse("2026-01-01T00:00:00Z")),
        "UM2");
    charger.charge(
        List.of(
            reading("UM1", "2026-05-10T00:00:00Z", 0),
            reading("UM1", "2026-05-10T01:00:00Z", 1000),
            reading("UM2", "2026-05-10T00:00:00Z", 0),
            reading("UM2", "2026-05-10T01:00:00Z", 1000)));

    assertThat(ledger.balance("U1")).isEqualTo(-500);
    assertThat(ledger.balance("U2")).isEqualTo(-700);
  }

  @Test
  void fixedChargesAccrueOncePerPrepaidAccountPerDayEvenWhenTheMeterIsSilent() {
    ledger.tariffs.save(ledger.telescopicTariff());
    ledger.open("F1", "FM1", PaymentMode.PREPAID);
    ledger.open("F2", "FM2", PaymentMode.POSTPAID);
    FixedChargeAccrual accrual = new FixedChargeAccrual(ledger.tx, BalanceListener.NONE);

    assertThat(accrual.accrue(LocalDate.of(2026, 5, 10))).isEqualTo(1);
    assertThat(accrual.accrue(LocalDate.of(2026, 5, 10))).isZero();
    accrual.accrue(LocalDate.of(2026, 5, 11));

    assertThat(ledger.balance("F1")).isEqualTo(-2 * 231);
    assertThat(ledger.balance("F2")).isZero();
  }
}
