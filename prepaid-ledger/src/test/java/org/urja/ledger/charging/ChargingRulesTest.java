package org.urja.ledger.charging;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.AccountId;
import org.urja.ledger.account.MeterSerial;
import org.urja.ledger.charging.ChargeDecision.Anomaly;
import org.urja.ledger.charging.ChargeDecision.Baseline;
import org.urja.ledger.charging.ChargeDecision.Deduction;
import org.urja.ledger.charging.ChargeDecision.RecordedOnly;
import org.urja.ledger.charging.ChargeDecision.Stale;
import org.urja.ledger.charging.ChargeDecision.Unlinked;
import org.urja.ledger.charging.ChargingRules.Decisions;
import org.urja.ledger.charging.ChargingRules.LinkedReading;
import org.urja.ledger.charging.ChargingRules.MeterReadings;
import org.urja.ledger.charging.ChargingRules.MonthKey;
import org.urja.ledger.journal.EntryKind;
import org.urja.ledger.journal.JournalEntry;
import org.urja.ledger.money.Money;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;
import org.urja.ledger.tariff.TariffCatalog;

/** Every charging rule, decided without a database. */
class ChargingRulesTest {

  private static final ZoneId IST = ZoneId.of("Asia/Kolkata");
  private static final MeterSerial METER = MeterSerial.of("MTR1");
  private static final AccountId ACCOUNT = AccountId.of("ACC1");
  private static final ChargedAccount PREPAID =
      new ChargedAccount(ACCOUNT, "UPPCL", "LMV-1", true, IST);
  private static final ChargedAccount POSTPAID =
      new ChargedAccount(ACCOUNT, "UPPCL", "LMV-1", false, IST);

  /** Flat ₹5.00/kWh from 2020. */
  private static final Tariff FLAT =
      new Tariff(
          "UPPCL",
          "LMV-1",
          LocalDate.of(2020, 1, 1),
          List.of(new Slab(null, new BigDecimal("500"))),
          BigDecimal.ZERO,
          BigDecimal.ZERO,
          List.of(),
          Rebate.none());

  /** 0–100 kWh at ₹3.00, above at ₹6.00. */
  private static final Tariff SLABS =
      new Tariff(
          "UPPCL",
          "LMV-1",
          LocalDate.of(2020, 1, 1),
          List.of(
              new Slab(new BigDecimal("100"), new BigDecimal("300")),
              new Slab(null, new BigDecimal("600"))),
          BigDecimal.ZERO,
          BigDecimal.ZERO,
          List.of(),
          Rebate.none());

  private final ChargingRules flat = new ChargingRules(new TariffCatalog(List.of(FLAT)));

  @Test
  void theFirstReadingOfAMeterForAnAccountIsItsBaselineAndChargesNothing() {
    Decisions d = decide(flat, null, false, linked(PREPAID, "2026-05-10T04:30:00Z", 1_000_000));

    assertThat(d.decisions()).singleElement().isInstanceOf(Baseline.class);
    assertThat(entries(d)).isEmpty();
    assertThat(d.positions()).containsEntry(METER, position("2026-05-10T04:30:00Z", 1_000_000));
  }

  @Test
  void aLaterReadingIsChargedForTheWholeDeltaSinceTheLastChargedValue() {
    Decisions d =
        decide(
            flat,
            position("2026-05-10T00:00:00Z", 10_000),
            false,
            linked(PREPAID, "2026-05-13T00:00:00Z", 40_000)); // three days of silence, 30 kWh

    Deduction ded = (Deduction) d.decisions().get(0);
    assertThat(ded.amount()).isEqualTo(Money.ofPaise(15_000));
    assertThat(entries(d))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.amount()).isEqualTo(Money.ofPaise(-15_000));
              assertThat(e.kind()).isEqualTo(EntryKind.DEDUCTION);
              assertThat(e.account()).isEqualTo(ACCOUNT);
              assertThat(e.meter()).isEqualTo(METER);
            });
    assertThat(d.positions()).containsEntry(METER, position("2026-05-13T00:00:00Z", 40_000));
  }

  @Test
  void aDeductionIsKeyedByMeterAndReadingTimeSoThatAReplayIsDroppedByTheJournal() {
    Decisions d =
        decide(
            flat,
            position("2026-05-10T00:00:00Z", 0),
            false,
            linked(PREPAID, "2026-05-10T00:15:00Z", 1_000));

    assertThat(entries(d))
        .singleElement()
        .satisfies(
            e -> assertThat(e.idempotencyKey()).isEqualTo("charge:MTR1:2026-05-10T00:15:00Z"));
  }

  @Test
  void aReadingAtOrBeforeTheLastChargedTimeIsStaleAndMovesNothing() {
    Decisions d =
        decide(
            flat,
            position("2026-05-10T01:00:00Z", 4_000),
            false,
            linked(PREPAID, "2026-05-10T00:30:00Z", 2_000),
            linked(PREPAID, "2026-05-10T01:00:00Z", 4_000));

    assertThat(d.decisions()).allMatch(x -> x instanceof Stale);
    assertThat(d.positions()).isEmpty();
    assertThat(d.monthToDate()).isEmpty();
  }

  @Test
  void aMetersReadingsAreDecidedInTimeOrderWhateverOrderTheyArrivedIn() {
    Decisions d =
        decide(
            flat,
            position("2026-05-10T00:00:00Z", 0),
            false,
            linked(PREPAID, "2026-05-10T00:45:00Z", 4_000),
            linked(PREPAID, "2026-05-10T00:15:00Z", 1_000),
            linked(PREPAID, "2026-05-10T00:30:00Z", 3_000),
            linked(PREPAID, "2026-05-10T00:15:00Z", 1_000));

    assertThat(d.decisions())
        .extracting(x -> x.reading().ts().toString())
        .containsExactly(
            "2026-05-10T00:15:00Z",
            "2026-05-10T00:15:00Z",
            "2026-05-10T00:30:00Z",
            "2026-05-10T00:45:00Z");
    assertThat(d.decisions())
        .extracting(x -> x.getClass().getSimpleName())
        .containsExactly("Deduction", "Stale", "Deduction", "Deduction");
    assertThat(d.report().deductedPaise()).isEqualTo(2_000); // 4 kWh at ₹5, once
  }

  @Test
  void aRegisterGoingBackwardsOpensOneReviewItemAndIsNeverCredited() {
    Decisions d =
        decide(
            flat,
            position("2026-05-10T00:00:00Z", 50_000),
            false,
            linked(PREPAID, "2026-05-10T00:15:00Z", 100),
            linked(PREPAID, "2026-05-10T00:30:00Z", 300));

    assertThat(d.decisions())
        .allMatch(x -> x instanceof Anomaly a && a.kind() == AnomalyKind.REGISTER_BACKWARDS);
    assertThat(d.anomaliesToRecord())
        .singleElement()
        .satisfies(
            a -> assertThat(a.reading().ts()).isEqualTo(Instant.parse("2026-05-10T00:15:00Z")));
    assertThat(entries(d)).isEmpty();
    assertThat(d.positions()).isEmpty();
  }

  @Test
  void aMeterAlreadyUnderReviewForGoingBackwardsIsOnlyCounted() {
    Decisions d =
        decide(
            flat,
            position("2026-05-10T00:00:00Z", 50_000),
            true,
            linked(PREPAID, "2026-05-10T00:15:00Z", 100));

    assertThat(d.decisions()).singleElement().isInstanceOf(Anomaly.class);
    assertThat(d.anomaliesToRecord()).isEmpty();
  }

  @Test
  void aPostpaidAccountsConsumptionIsRecordedForItsSlabButNeverDeducted() {
    Decisions d =
        decide(
            flat,
            position("2026-05-10T00:00:00Z", 0),
            false,
            linked(POSTPAID, "2026-05-10T01:00:00Z", 5_000));

    assertThat(d.decisions()).singleElement().isInstanceOf(RecordedOnly.class);
    assertThat(entries(d)).isEmpty();
    assertThat(d.monthToDate())
        .containsEntry(new MonthKey(ACCOUNT, LocalDate.of(2026, 5, 1)), new BigDecimal("5"));
    assertThat(d.positions()).containsKey(METER);
  }

  @Test
  void aReadingWithoutConsumptionIsRecordedOnlyAndMovesThePosition() {
    Decisions d =
        decide(
            flat,
            position("2026-05-10T00:00:00Z", 7_000),
            false,
            linked(PREPAID, "2026-05-10T00:15:00Z", 7_000));

    assertThat(d.decisions()).singleElement().isInstanceOf(RecordedOnly.class);
    assertThat(d.positions()).containsEntry(METER, position("2026-05-10T00:15:00Z", 7_000));
  }

  @Test
  void consumptionThatCostsNothingIsRecordedOnly() {
    Tariff free =
        new Tariff(
            "UPPCL",
            "LMV-1",
            LocalDate.of(2020, 1, 1),
            List.of(new Slab(null, BigDecimal.ZERO)),
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            List.of(),
            Rebate.none());
    Decisions d =
        decide(
            new ChargingRules(new TariffCatalog(List.of(free))),
            position("2026-05-10T00:00:00Z", 0),
            false,
            linked(PREPAID, "2026-05-10T00:15:00Z", 2_000));

    assertThat(d.decisions()).singleElement().isInstanceOf(RecordedOnly.class);
    assertThat(d.monthToDate()).containsValue(new BigDecimal("2"));
  }

  @Test
  void withoutATariffInForceTheReadingGoesToReviewAndThePositionWaitsForIt() {
    Decisions d =
        decide(
            new ChargingRules(new TariffCatalog(List.of())),
            position("2026-05-10T00:00:00Z", 0),
            false,
            linked(PREPAID, "2026-05-10T00:15:00Z", 2_000));

    assertThat(d.decisions())
        .singleElement()
        .satisfies(x -> assertThat(((Anomaly) x).kind()).isEqualTo(AnomalyKind.NO_TARIFF));
    assertThat(d.anomaliesToRecord()).hasSize(1);
    assertThat(d.positions()).isEmpty();
    assertThat(d.monthToDate()).isEmpty();
  }

  @Test
  void aReadingOfAMeterLinkedToNoAccountIsCountedNotCharged() {
    Decisions d =
        decide(flat, null, false, new LinkedReading(reading("2026-05-10T00:15:00Z", 2_000), null));

    assertThat(d.decisions()).singleElement().isInstanceOf(Unlinked.class);
    assertThat(d.report().unknownMeter()).isEqualTo(1);
    assertThat(d.positions()).isEmpty();
  }

  @Test
  void aMeterNowServingAnotherAccountStartsFromANewBaseline() {
    ChargedAccount other = new ChargedAccount(AccountId.of("ACC2"), "UPPCL", "LMV-1", true, IST);
    Decisions d =
        decide(
            flat,
            position("2026-05-10T00:00:00Z", 80_000),
            false,
            linked(other, "2026-05-10T08:00:00Z", 90_000));

    assertThat(d.decisions()).singleElement().isInstanceOf(Baseline.class);
    assertThat(d.positions().get(METER).account()).isEqualTo(other.id());
  }

  @Test
  void theSlabIsChosenByTheAccountsConsumptionSoFarInItsBillingMonth() {
    ChargingRules rules = new ChargingRules(new TariffCatalog(List.of(SLABS)));
    Map<MonthKey, BigDecimal> before =
        Map.of(new MonthKey(ACCOUNT, LocalDate.of(2026, 5, 1)), new BigDecimal("95"));
    Decisions d =
        rules.decide(
            List.of(
                new MeterReadings(
                    METER,
                    position("2026-05-10T00:00:00Z", 0),
                    false,
                    List.of(linked(PREPAID, "2026-05-10T01:00:00Z", 10_000)))),
            before);

    // 5 kWh at ₹3 up to 100, then 5 kWh at ₹6
    assertThat(((Deduction) d.decisions().get(0)).amount()).isEqualTo(Money.ofPaise(1_500 + 3_000));
    assertThat(d.monthToDate())
        .containsEntry(new MonthKey(ACCOUNT, LocalDate.of(2026, 5, 1)), new BigDecimal("105"));
    assertThat(before).containsValue(new BigDecimal("95")); // the input is not modified
  }

  @Test
  void twoMetersOfOneAccountInOneBatchShareItsSlabPosition() {
    ChargingRules rules = new ChargingRules(new TariffCatalog(List.of(SLABS)));
    MeterSerial second = MeterSerial.of("MTR2");
    Decisions d =
        rules.decide(
            List.of(
                new MeterReadings(
                    METER,
                    position("2026-05-10T00:00:00Z", 0),
                    false,
                    List.of(linked(PREPAID, "2026-05-10T01:00:00Z", 100_000))),
                new MeterReadings(
                    second,
                    new ChargePosition(
                        ACCOUNT, BigDecimal.ZERO, Instant.parse("2026-05-10T00:00:00Z")),
                    false,
                    List.of(linked(PREPAID, "2026-05-10T01:00:00Z", 1_000)))),
            Map.of());

    assertThat(((Deduction) d.decisions().get(1)).amount())
        .isEqualTo(Money.ofPaise(600)); // above the first slab
  }

  @Test
  void aNewBillingMonthInTheUtilitysZoneStartsAgainAtTheFirstSlab() {
    ChargingRules rules = new ChargingRules(new TariffCatalog(List.of(SLABS)));
    // 31 May 19:00 UTC is 1 June 00:30 IST: June's first kWh
    Map<MonthKey, BigDecimal> before =
        Map.of(new MonthKey(ACCOUNT, LocalDate.of(2026, 5, 1)), new BigDecimal("500"));
    Decisions d =
        rules.decide(
            List.of(
                new MeterReadings(
                    METER,
                    position("2026-05-31T18:45:00Z", 0),
                    false,
                    List.of(linked(PREPAID, "2026-05-31T19:00:00Z", 1_000)))),
            before);

    assertThat(((Deduction) d.decisions().get(0)).billingMonth())
        .isEqualTo(LocalDate.of(2026, 6, 1));
    assertThat(((Deduction) d.decisions().get(0)).amount()).isEqualTo(Money.ofPaise(300));
  }

  @Test
  void theReportCountsEveryDecisionOnceAndAddsTheDeductions() {
    Decisions d =
        decide(
            flat,
            position("2026-05-10T00:00:00Z", 0),
            false,
            linked(PREPAID, "2026-05-10T00:00:00Z", 0),
            linked(PREPAID, "2026-05-10T00:15:00Z", 1_000),
            linked(PREPAID, "2026-05-10T00:30:00Z", 3_000),
            linked(PREPAID, "2026-05-10T00:45:00Z", 3_000));

    assertThat(d.report()).isEqualTo(new ChargeReport(2, 1, 0, 1, 0, 0, 1_500, 0));
  }

  private static Decisions decide(
      ChargingRules rules, ChargePosition last, boolean underReview, LinkedReading... readings) {
    return rules.decide(
        List.of(new MeterReadings(METER, last, underReview, new ArrayList<>(List.of(readings)))),
        new HashMap<>());
  }

  /** The journal entries of the decisions, for an account with ample credit. */
  private static List<JournalEntry> entries(Decisions d) {
    return ChargeSpans.entries(d.decisions(), a -> 1_000_000_00L);
  }

  private static LinkedReading linked(ChargedAccount account, String ts, long wh) {
    return new LinkedReading(reading(ts, wh), account);
  }

  private static RegisterReading reading(String ts, long wh) {
    return new RegisterReading(METER.value(), Instant.parse(ts), BigDecimal.valueOf(wh));
  }

  private static ChargePosition position(String ts, long wh) {
    return new ChargePosition(ACCOUNT, BigDecimal.valueOf(wh), Instant.parse(ts));
  }
}
