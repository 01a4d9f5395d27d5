package org.urja.ledger.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.urja.ledger.support.LedgerFixture;

class MobileDirectoryTest {

  private final LedgerFixture ledger = new LedgerFixture();
  private final MobileDirectory directory = new MobileDirectory(ledger.tx);

  private void open(String account, String utility, String phone) {
    ledger.accounts.open(
        new Account(
            account,
            utility,
            "Consumer " + account,
            phone,
            null,
            PaymentMode.PREPAID,
            LedgerFixture.TARIFF,
            BigDecimal.ONE,
            Instant.parse("2026-01-01T00:00:00Z")),
        "M-" + account);
  }

  @Test
  void aMobileFindsItsConnectionsInEveryUtilityHoweverTheNumberWasWritten() {
    ledger.utilities.register("WEST", "West Discom", UtilitySettings.defaults());
    open("U-1", LedgerFixture.UTILITY, "+91 98765 43210");
    open("W-7", "WEST", "09876543210");
    open("W-8", "WEST", "9876543211");
    open("W-9", "WEST", null);

    assertThat(directory.registeredTo(MobileNumber.parse("919876543210").orElseThrow()))
        .extracting(Account::accountId)
        .containsExactly("U-1", "W-7");
    assertThat(directory.registeredTo(new MobileNumber("9000000000"))).isEmpty();
  }

  @Test
  void onlyTenDigitNumbersWithAnOptionalCountryOrTrunkPrefixAreMobiles() {
    assertThat(MobileNumber.parse("+91-98765-43210")).contains(new MobileNumber("9876543210"));
    assertThat(MobileNumber.parse("098765 43210")).contains(new MobileNumber("9876543210"));
    assertThat(MobileNumber.parse("W-7")).isEmpty();
    assertThat(MobileNumber.parse("12345")).isEmpty();
    assertThat(MobileNumber.parse("449876543210")).isEmpty();
    assertThat(new MobileNumber("9876543210").masked()).isEqualTo("******3210");
  }
}
