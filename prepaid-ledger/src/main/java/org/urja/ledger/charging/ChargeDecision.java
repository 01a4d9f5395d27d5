package org.urja.ledger.charging;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.urja.ledger.account.AccountId;
import org.urja.ledger.account.MeterSerial;
import org.urja.ledger.money.Money;
import org.urja.ledger.tariff.ChargeLines;

/**
 * What {@link ChargingRules} decided for one reading. Only a {@link Deduction} moves money; the
 * others say why not. Java 17 has no pattern matching for {@code switch}: match with {@code
 * instanceof}.
 */
public sealed interface ChargeDecision {

  RegisterReading reading();

  /** The meter served no account at the reading's time: counted, not charged. */
  record Unlinked(RegisterReading reading) implements ChargeDecision {}

  /** The first reading of a meter for its account: the starting point, nothing charged. */
  record Baseline(RegisterReading reading, AccountId account) implements ChargeDecision {}

  /** At or before the meter's last charged time (duplicate, replayed, reordered, late): ignored. */
  record Stale(RegisterReading reading, AccountId account) implements ChargeDecision {}

  /**
   * Goes to review instead of being charged; the meter's position does not move, so nothing is lost
   * once the cause is fixed.
   *
   * @param previous the position the reading was compared with
   * @param toRecord true when this reading opens the review item (a register already under review
   *     for going backwards is only counted)
   */
  record Anomaly(
      RegisterReading reading,
      AccountId account,
      AnomalyKind kind,
      ChargePosition previous,
      boolean toRecord)
      implements ChargeDecision {}

  /**
   * Consumption recorded for the slab position (postpaid account, zero delta or zero cost), no
   * deduction.
   */
  record RecordedOnly(
      RegisterReading reading, AccountId account, BigDecimal kwh, LocalDate billingMonth)
      implements ChargeDecision {}

  /**
   * A deduction of the settled {@code lines} for the energy between {@code from} and this reading.
   * The money is decided per reading; the journal entry that carries it may carry the meter's
   * neighbouring deductions too ({@link ChargeSpans}).
   *
   * @param day the reading's local day in the account's zone (a journal entry never spans two)
   * @param tariff the code of the tariff that priced it
   */
  record Deduction(
      RegisterReading reading,
      AccountId account,
      BigDecimal kwh,
      LocalDate billingMonth,
      LocalDate day,
      String tariff,
      ChargePosition from,
      ChargeLines lines)
      implements ChargeDecision {

    /** What the consumer pays for this reading (positive; the journal entry is its negation). */
    public Money amount() {
      return Money.ofPaise(lines.totalPaise());
    }

    public MeterSerial meter() {
      return MeterSerial.of(reading.meterSerial());
    }
  }
}
