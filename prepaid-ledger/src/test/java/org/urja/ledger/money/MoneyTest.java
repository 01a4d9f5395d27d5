package org.urja.ledger.money;

import static org.assertj.core.api.Assertions.assertThat;

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
  void timesAreShownInIndianStandardTime() {
    assertThat(IndianFormat.dateTime(Instant.parse("2026-11-21T12:30:00Z"))).isEqualTo("21-11-2026 18:00 IST");
  }
}
