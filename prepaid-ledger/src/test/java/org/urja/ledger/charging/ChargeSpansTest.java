package org.urja.ledger.charging;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.AccountId;
import org.urja.ledger.charging.ChargeDecision.Anomaly;
import org.urja.ledger.charging.ChargeDecision.Deduction;
import org.urja.ledger.charging.ChargeDecision.RecordedOnly;
import org.urja.ledger.charging.ChargeDecision.Stale;
import org.urja.ledger.journal.JournalEntry;
import org.urja.ledger.money.Money;
import org.urja.ledger.tariff.ChargeLines;

/** Which deductions share a journal entry, decided without a database. */
class ChargeSpansTest {

  private static final AccountId ACCOUNT = AccountId.of("ACC1");
  private static final LocalDate DAY = LocalDate.of(2026, 5, 10);
  private static final Instant T0 = Instant.parse("2026-05-10T00:00:00Z");
  private static final long AMPLE = 1_000_000;

  @Test
  void consecutiveDeductionsOfOneMeterAndDayAreOneEntryWithTheExactSum() {
    List<JournalEntry> entries =
        ChargeSpans.entries(List.of(ded("M", 1, 101), ded("M", 2, 102)), a -> AMPLE);

    assertThat(entries)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.amount()).isEqualTo(Money.ofPaise(-203));
              assertThat(e.idempotencyKey()).isEqualTo("charge:M:" + at(2));
              assertThat(e.occurredAt()).isEqualTo(at(2));
              assertThat(details(e)).containsEntry("readings", 2).containsEntry("fromTs", at(0));
            });
  }

  @Test
  void aRepeatedReadingBetweenTwoDeductionsDoesNotSplitThem() {
    List<ChargeDecision> decisions =
        List.of(ded("M", 1, 100), new Stale(reading("M", 1), ACCOUNT), ded("M", 2, 100));

    assertThat(ChargeSpans.entries(decisions, a -> AMPLE)).hasSize(1);
  }

  @Test
  void aReadingUnderReviewOrRecordedOnlyBetweenTwoDeductionsSplitsThem() {
    ChargeDecision review =
        new Anomaly(reading("M", 2), ACCOUNT, AnomalyKind.NO_TARIFF, null, true);
    ChargeDecision recorded = new RecordedOnly(reading("M", 4), ACCOUNT, BigDecimal.ZERO, DAY);
    List<ChargeDecision> decisions =
        List.of(ded("M", 1, 100), review, ded("M", 3, 100), recorded, ded("M", 5, 100));

    assertThat(ChargeSpans.entries(decisions, a -> AMPLE))
        .extracting(JournalEntry::idempotencyKey)
        .containsExactly("charge:M:" + at(1), "charge:M:" + at(3), "charge:M:" + at(5));
  }

  @Test
  void twoMetersNeverShareAnEntry() {
    assertThat(ChargeSpans.entries(List.of(ded("A", 1, 100), ded("B", 1, 100)), a -> AMPLE))
        .extracting(e -> e.meter().value())
        .containsExactly("A", "B");
  }

  @Test
  void theDeductionThatTakesTheBalanceBelowZeroClosesItsEntry() {
    List<ChargeDecision> decisions =
        List.of(ded("M", 1, 100), ded("M", 2, 100), ded("M", 3, 100), ded("M", 4, 100));

    // 250 paise of credit: the third reading crosses zero
    assertThat(ChargeSpans.entries(decisions, a -> 250))
        .extracting(e -> e.amount().paise())
        .containsExactly(-300L, -100L);
  }

  private static Deduction ded(String meter, int step, long paise) {
    ChargeLines lines = new ChargeLines(BigDecimal.ONE, BigDecimal.ONE, paise, 0, 0, 0, paise);
    return new Deduction(
        reading(meter, step),
        ACCOUNT,
        BigDecimal.ONE,
        DAY.withDayOfMonth(1),
        DAY,
        "LMV-1",
        new ChargePosition(ACCOUNT, BigDecimal.valueOf(step - 1), at(step - 1)),
        lines);
  }

  private static RegisterReading reading(String meter, int step) {
    return new RegisterReading(meter, at(step), BigDecimal.valueOf(step));
  }

  private static Instant at(int step) {
    return T0.plusSeconds(900L * step);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> details(JournalEntry e) {
    return (Map<String, Object>) e.details();
  }
}
