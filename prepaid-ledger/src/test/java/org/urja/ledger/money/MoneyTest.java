package org.urja.ledger.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MoneyTest {

  @Test
  void amountsAreWrittenWithLakhAndCroreGrouping() {
    assertThat(Money.ofPaise(12345678).format()).isEqualTo("₹1,23,456.78");
    assertThat(Money.ofPaise(1234567890).format()).isEqualTo("₹1,23,45,678.90");
    assertThat(Money.ofPaise(99999).format()).isEqualTo("₹999.99");
    assertThat(Money.ofPaise(100000).format()).isEqualTo("₹1,000.00");
    assertThat(Money.ofPaise(5).format()).isEqualTo("₹0.05");
    assertThat(Money.ofPaise(-15050).format()).isEqualTo("-₹150.50");
  }

  @Test
  void fractionalPaiseRoundHalfUpToThePaisa() {
    assertThat(Money.ofPaise(new BigDecimal("2.5")).paise()).isEqualTo(3);
    assertThat(Money.ofPaise(new BigDecimal("2.49")).paise()).isEqualTo(2);
    assertThat(Money.ofPaise(new BigDecimal("-2.5")).paise()).isEqualTo(-3);
  }

  @Test
  void arithmeticIsExactInPaise() {
    assertThat(Money.ofRupees("3.35").plus(Money.ofRupees("0.10"))).isEqualTo(Money.ofPaise(345));
    assertThat(Money.ofRupees("1").minus(Money.ofPaise(150)).isNegative()).isTrue();
  }

  @Test
  void arithmeticThatWouldOverflowIsRefusedInsteadOfWrappingToTheOtherSign() {
    Money most = Money.ofPaise(Long.MAX_VALUE);
    assertThatThrownBy(() -> most.plus(Money.ofPaise(1))).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Money.ofPaise(Long.MIN_VALUE).minus(Money.ofPaise(1)))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Money.ofPaise(Long.MIN_VALUE).negate())
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Money.ofPaise(Long.MAX_VALUE / 2 + 1).times(2))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void anAmountTimesACountIsExact() {
    assertThat(Money.ofPaise(22_000).times(30)).isEqualTo(Money.ofPaise(660_000));
    assertThat(Money.ofPaise(-5).times(3)).isEqualTo(Money.ofPaise(-15));
  }

  @Test
  void comparisonsSayWhichAmountIsLarger() {
    assertThat(Money.max(Money.ofPaise(5), Money.ofPaise(-7))).isEqualTo(Money.ofPaise(5));
    assertThat(Money.min(Money.ofPaise(5), Money.ofPaise(-7))).isEqualTo(Money.ofPaise(-7));
    assertThat(Money.ofPaise(-1).isLessThan(Money.ZERO)).isTrue();
    assertThat(Money.ZERO.isZero()).isTrue();
    assertThat(Money.ofPaise(1).isPositive()).isTrue();
  }

  @Test
  void timesAreShownInIndianStandardTime() {
    assertThat(IndianFormat.dateTime(Instant.parse("2026-11-21T12:30:00Z")))
        .isEqualTo("21-11-2026 18:00 IST");
  }
}
