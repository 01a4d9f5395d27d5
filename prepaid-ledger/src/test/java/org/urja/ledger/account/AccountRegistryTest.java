package org.urja.ledger.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.urja.ledger.support.LedgerFixture;

class AccountRegistryTest {

  private final LedgerFixture ledger = new LedgerFixture();

  @Test
  void theMetersModeEventsSwitchTheAccountExplicitlyAndAreRecorded() throws Exception {
    ledger.open("S1", "SM1", PaymentMode.POSTPAID);

    assertThat(
            ledger.accounts.applyMeterModeEvent("SM1", 212, Instant.parse("2026-05-10T00:00:00Z")))
        .isTrue();
    assertThat(
            ledger.accounts.applyMeterModeEvent("SM1", 212, Instant.parse("2026-05-10T00:05:00Z")))
        .isFalse();
    assertThat(ledger.accounts.find("S1").orElseThrow().isPrepaid()).isTrue();
    ledger.accounts.switchMode(
        "S1", PaymentMode.POSTPAID, "operator", "ops.verma", Instant.parse("2026-05-11T00:00:00Z"));

    assertThat(modeHistory("S1"))
        .containsExactly(
            "none>postpaid:account_opened",
            "postpaid>prepaid:meter_event_212",
            "prepaid>postpaid:operator");
  }

  @Test
  void aMeterReplacementKeepsTheAccountAndLinksTheNewMeterFromThatMoment() {
    ledger.open("S2", "OLD", PaymentMode.PREPAID);
    Instant swap = Instant.parse("2026-06-01T05:00:00Z");
    ledger.accounts.replaceMeter("S2", "NEW", swap);

    assertThat(ledger.accounts.accountOf("OLD", swap.minusSeconds(1))).contains("S2");
    assertThat(ledger.accounts.accountOf("OLD", swap)).isEmpty();
    assertThat(ledger.accounts.accountOf("NEW", swap)).contains("S2");
  }

  private List<String> modeHistory(String account) throws Exception {
    List<String> out = new ArrayList<>();
    try (var c = ledger.dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select from_mode, to_mode, source from ledger_payment_mode_changes where account_id = ? order by id")) {
      ps.setString(1, account);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1) + ">" + rs.getString(2) + ":" + rs.getString(3));
        }
      }
    }
    return out;
  }
}
