package org.urja.ledger.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.urja.ledger.support.LedgerFixture.reading;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.charging.ConsumptionCharger;
import org.urja.ledger.payment.PaymentPosting;
import org.urja.ledger.support.LedgerFixture;
import org.urja.ledger.support.Outbox;

class BalanceAlertsTest {

  private static final LedgerFixture ledger = new LedgerFixture();
  private static final Instant T0 = Instant.parse("2026-05-10T00:00:00Z");

  static {
    ledger.tariffs.save(ledger.flatTariff()); // ₹5 per kWh
  }

  private final BalanceAlerts alerts = new BalanceAlerts(new Notifier(List.of("log")));
  private final ConsumptionCharger charger = new ConsumptionCharger(ledger.tx, alerts);
  private final PaymentPosting payments =
      new PaymentPosting(ledger.tx, alerts, alerts, Clock.fixed(T0, ZoneOffset.UTC));
  private int step;

  /** Consumes {@code kwh} in one 15-minute reading on the account's meter. */
  private void consume(String meter, long cumulativeWh) {
    charger.charge(List.of(reading(meter, T0.plusSeconds(900L * ++step).toString(), cumulativeWh)));
  }

  private List<String> balanceAlerts(String account) {
    return Outbox.kinds(ledger.dataSource, account).stream()
        .filter(k -> k.startsWith("balance_"))
        .toList();
  }

  @Test
  void eachThresholdIsAnnouncedOncePerCrossingAndARechargeRearmsThem() {
    ledger.open("AL1", "ALM1", PaymentMode.PREPAID);
    consume("ALM1", 0);
    payments.post("AL1", 100_000, "UTR-AL1-1", "upi", T0);

    consume("ALM1", 100_000); // ₹500 left: 50 %
    consume("ALM1", 140_000); // ₹300 left: 30 %
    consume("ALM1", 150_000); // ₹250
    consume("ALM1", 160_000); // ₹200
    assertThat(balanceAlerts("AL1")).containsExactly("balance_low");
    consume("ALM1", 181_000); // ₹95: below 10 %
    consume("ALM1", 182_000);
    consume("ALM1", 200_000); // ₹0
    consume("ALM1", 201_000); // -₹5
    assertThat(balanceAlerts("AL1"))
        .containsExactly("balance_low", "balance_low", "balance_exhausted");

    payments.post("AL1", 100_000, "UTR-AL1-2", "upi", T0); // ₹995
    consume("ALM1", 341_000); // ₹295: 30 % of the new recharge
    assertThat(balanceAlerts("AL1"))
        .containsExactly("balance_low", "balance_low", "balance_exhausted", "balance_low");
    assertThat(Outbox.kinds(ledger.dataSource, "AL1"))
        .filteredOn("recharge_receipt"::equals)
        .hasSize(2);
  }

  @Test
  void aBigDropAcrossSeveralThresholdsSendsOnlyTheLowest() {
    ledger.open("AL2", "ALM2", PaymentMode.PREPAID);
    consume("ALM2", 0);
    payments.post("AL2", 100_000, "UTR-AL2", "upi", T0);
    consume("ALM2", 190_000); // ₹50: 5 %

    assertThat(balanceAlerts("AL2")).containsExactly("balance_low");
    assertThat(Outbox.forAccount(ledger.dataSource, "AL2"))
        .filteredOn(r -> r.kind().equals("balance_low"))
        .singleElement()
        .satisfies(r -> assertThat(r.body()).contains("10%").contains("₹50.00"));
    consume("ALM2", 191_000);
    assertThat(balanceAlerts("AL2")).containsExactly("balance_low");
  }

  @Test
  void theLowBalanceTextStatesTheTrueBalanceAndTheThresholdCrossedNotAFalseShare() {
    ledger.open("AL21", "ALM21", PaymentMode.PREPAID);
    consume("ALM21", 0);
    payments.post("AL21", 100_000, "UTR-AL21", "upi", T0);
    consume("ALM21", 158_000); // ₹210 left: 21 % of ₹1,000, the 30 % mark crossed

    assertThat(Outbox.forAccount(ledger.dataSource, "AL21"))
        .filteredOn(r -> r.kind().equals("balance_low"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.body())
                    .contains("₹210.00")
                    .contains("30% or less of your last recharge of ₹1,000.00")
                    .doesNotContain("₹210.00, 30% of"));
  }

  @Test
  void theTextsThatAskForPaymentCarryTheUtilitysPaymentPageWhereItHasOne() {
    LedgerFixture withGateway =
        new LedgerFixture(
            org.urja.ledger.account.UtilitySettings.defaults()
                .withPaymentLinkTemplate("https://pay.example.in/{utility}/{consumerNumber}"));
    withGateway.tariffs.save(withGateway.flatTariff());
    BalanceAlerts gatewayAlerts = new BalanceAlerts(new Notifier(List.of("log")));
    ConsumptionCharger gatewayCharger = new ConsumptionCharger(withGateway.tx, gatewayAlerts);
    withGateway.open("AL 31/A", "ALM31", PaymentMode.PREPAID);
    gatewayCharger.charge(List.of(reading("ALM31", T0.toString(), 0)));
    new PaymentPosting(
            withGateway.tx, gatewayAlerts, gatewayAlerts, Clock.fixed(T0, ZoneOffset.UTC))
        .post("AL 31/A", 100_000, "UTR-AL31", "upi", T0);
    gatewayCharger.charge(List.of(reading("ALM31", T0.plusSeconds(900).toString(), 158_000)));

    assertThat(Outbox.forAccount(withGateway.dataSource, "AL 31/A"))
        .filteredOn(r -> r.kind().equals("balance_low"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.body())
                    .endsWith("Pay online: https://pay.example.in/UPPCL/AL%2031%2FA"));
    // a receipt asks for nothing: no link
    assertThat(Outbox.forAccount(withGateway.dataSource, "AL 31/A"))
        .filteredOn(r -> r.kind().equals("recharge_receipt"))
        .singleElement()
        .satisfies(r -> assertThat(r.body()).doesNotContain("https://"));
    // and where the utility has no gateway page, no link and no dangling words
    ledger.open("AL32", "ALM32", PaymentMode.PREPAID);
    consume("ALM32", 0);
    payments.post("AL32", 100_000, "UTR-AL32", "upi", T0);
    consume("ALM32", 158_000);
    assertThat(Outbox.forAccount(ledger.dataSource, "AL32"))
        .filteredOn(r -> r.kind().equals("balance_low"))
        .singleElement()
        .satisfies(r -> assertThat(r.body()).endsWith("avoid disconnection."));
  }

  @Test
  void theAlertCommitsOrRollsBackWithTheDeductionThatCrossedTheThreshold() {
    ledger.open("AL6", "ALM6", PaymentMode.PREPAID);
    consume("ALM6", 0);
    payments.post("AL6", 10_000, "UTR-AL6", "upi", T0);
    int before = Outbox.forAccount(ledger.dataSource, "AL6").size();
    ConsumptionCharger failing =
        new ConsumptionCharger(
            ledger.tx,
            alerts.andThen(
                (c, changes) -> {
                  throw new IllegalStateException("node lost its database connection");
                }));

    assertThatThrownBy(
            () ->
                failing.charge(
                    List.of(reading("ALM6", T0.plusSeconds(900L * ++step).toString(), 19_000))))
        .isInstanceOf(IllegalStateException.class);
    assertThat(ledger.balance("AL6")).isEqualTo(10_000);
    assertThat(Outbox.forAccount(ledger.dataSource, "AL6")).hasSize(before);

    consume("ALM6", 19_000); // the retry charges it once, and alerts once
    assertThat(ledger.balance("AL6")).isEqualTo(500);
    assertThat(balanceAlerts("AL6")).containsExactly("balance_low");
  }

  @Test
  void aPostpaidConsumerNeverReceivesAPrepaidMessage() {
    ledger.open("AL3", "ALM3", PaymentMode.POSTPAID);
    consume("ALM3", 0);
    payments.post("AL3", 100_000, "UTR-AL3", "upi", T0);
    consume("ALM3", 500_000);

    assertThat(ledger.balance("AL3")).isEqualTo(100_000);
    assertThat(Outbox.forAccount(ledger.dataSource, "AL3")).isEmpty();
  }

  @Test
  void hindiMessagesUseIndianDigitGroupingAndIst() {
    ledger.accounts.open(
        new Account(
            "AL4",
            LedgerFixture.UTILITY,
            "राम",
            "+919800000001",
            "hi",
            PaymentMode.PREPAID,
            LedgerFixture.TARIFF,
            BigDecimal.ONE,
            T0),
        "ALM4");
    payments.post("AL4", 12_345_678, "UTR-AL4", "upi", Instant.parse("2026-05-10T12:30:00Z"));

    assertThat(Outbox.forAccount(ledger.dataSource, "AL4"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.language()).isEqualTo("hi");
              assertThat(r.body())
                  .contains("₹1,23,456.78")
                  .contains("10-05-2026 18:00 IST")
                  .contains("रिचार्ज")
                  .containsPattern("RCPT-2026-\\d{6}");
            });
  }

  @Test
  void fewDaysOfSupplyLeftIsAnnouncedOnce() {
    ledger.open("AL5", "ALM5", PaymentMode.PREPAID);
    consume("ALM5", 0);
    payments.post("AL5", 1_000_000, "UTR-AL5", "upi", T0); // ₹10,000
    consume("ALM5", 140_000); // ₹700 spent: ₹100 a day over the 7-day window → ₹9,300 is 93 days
    assertThat(Outbox.kinds(ledger.dataSource, "AL5")).doesNotContain("days_of_supply_low");
    consume("ALM5", 1_900_000); // ₹9,500 spent: ₹500 left, ₹1,357 a day
    consume("ALM5", 1_900_500);

    assertThat(Outbox.kinds(ledger.dataSource, "AL5"))
        .filteredOn("days_of_supply_low"::equals)
        .hasSize(1);
  }
}
