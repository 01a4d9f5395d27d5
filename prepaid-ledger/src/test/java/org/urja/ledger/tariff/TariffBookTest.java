package org.urja.ledger.tariff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.urja.ledger.support.LedgerFixture;

class TariffBookTest {

  private final LedgerFixture ledger = new LedgerFixture();

  @Test
  void versionsLoadedFromJsonApplyFromTheirEffectiveDate() {
    String json =
        """
        [{"utilityId":"UPPCL","code":"LMV-1","effectiveFrom":"2025-04-01",
          "slabs":[{"upToKwh":100,"ratePaisePerKwh":335},{"upToKwh":null,"ratePaisePerKwh":385}],
          "fixedChargePaisePerKwPerDay":110,"dutyPercent":5,
          "timeOfDay":[{"from":"18:00","to":"22:00","multiplier":1.20}],
          "prepaidRebate":{"kind":"PERCENT","value":2}},
         {"utilityId":"UPPCL","code":"LMV-1","effectiveFrom":"2026-04-01",
          "slabs":[{"upToKwh":null,"ratePaisePerKwh":400}]}]
        """;
    ledger.tariffs.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));

    TariffCatalog catalog = ledger.tariffs.catalog();
    Tariff old = catalog.inForce("UPPCL", "LMV-1", LocalDate.of(2026, 3, 31)).orElseThrow();
    assertThat(old.slabs()).hasSize(2);
    assertThat(old.timeOfDay()).hasSize(1);
    assertThat(old.prepaidRebate().kind()).isEqualTo(Rebate.Kind.PERCENT);
    assertThat(
            catalog
                .inForce("UPPCL", "LMV-1", LocalDate.of(2026, 4, 1))
                .orElseThrow()
                .slabs()
                .get(0)
                .ratePaisePerKwh())
        .isEqualByComparingTo("400");
    assertThat(catalog.inForce("UPPCL", "LMV-1", LocalDate.of(2025, 3, 31))).isEmpty();
  }
}
