package org.urja.ledger.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.ledger.support.LedgerFixture.reading;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.alerts.BalanceAlerts;
import org.urja.ledger.alerts.Notifier;
import org.urja.ledger.charging.ConsumptionCharger;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.payment.PaymentPosting;
import org.urja.ledger.support.LedgerFixture;
import org.urja.ledger.support.MutableClock;

/**
 * The deduction that takes a prepaid balance below zero decides the disconnection in its own
 * transaction, as the periodic sweep would, instead of seconds later when the sweep comes round.
 */
class DisconnectAtRunningOutTest {

  private static final Instant T0 = Instant.parse("2026-11-18T04:30:00Z");

  private record Ledger(
      LedgerFixture fixture,
      RelayCommandQueue queue,
      ConsumptionCharger charger,
      PaymentPosting payments) {

    /** A prepaid account with ₹10 of credit, its meter's baseline charged. */
    void openWithTenRupees(String account, String meter) {
      fixture.open(account, meter, PaymentMode.PREPAID);
      payments.post(account, 1_000, "UTR-" + account, "upi", T0);
      charger.charge(List.of(reading(meter, T0.toString(), 0)));
    }
  }

  private static Ledger ledger(UtilitySettings settings) {
    LedgerFixture fixture = new LedgerFixture(settings);
    MutableClock clock = new MutableClock(T0.plusSeconds(7_200));
    Notifier notifier = new Notifier(List.of("log"));
    RelayCommandQueue queue =
        new RelayCommandQueue(
            fixture.tx, new RelayConfirmationNotices(notifier), RelaySettings.defaults(), clock);
    RelayPolicyJob policy = new RelayPolicyJob(fixture.tx, queue, notifier);
    BalanceListener listeners =
        new BalanceAlerts(notifier)
            .andThen(new ReconnectOnRecharge(queue))
            .andThen(policy.atRunningOut(clock));
    fixture.tariffs.save(fixture.flatTariff());
    return new Ledger(
        fixture,
        queue,
        new ConsumptionCharger(fixture.tx, listeners),
        new PaymentPosting(fixture.tx, listeners, new BalanceAlerts(notifier), clock));
  }

  @Test
  void theDeductionThatRunsOutQueuesTheDisconnectionInItsOwnTransaction() {
    Ledger l = ledger(UtilitySettings.disconnectingAtOnce());
    l.openWithTenRupees("DR1", "DRM1");
    l.charger().charge(List.of(reading("DRM1", T0.plusSeconds(3_600).toString(), 1_000)));
    assertThat(l.queue().history("DRM1")).isEmpty(); // ₹5 of ₹10 used: still in credit

    l.charger().charge(List.of(reading("DRM1", T0.plusSeconds(5_400).toString(), 3_000)));

    // no sweep has run
    assertThat(l.fixture().balance("DR1")).isEqualTo(-500);
    assertThat(l.queue().history("DRM1"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.action()).isEqualTo(RelayAction.DISCONNECT);
              assertThat(c.requestedBy()).isEqualTo("system");
            });
  }

  @Test
  void withAGracePeriodRunningOutQueuesNothingAndTheSweepDecidesWhenItEnds() {
    Ledger l = ledger(UtilitySettings.defaults());
    l.openWithTenRupees("DR2", "DRM2");

    l.charger().charge(List.of(reading("DRM2", T0.plusSeconds(5_400).toString(), 3_000)));

    assertThat(l.fixture().balance("DR2")).isEqualTo(-500);
    assertThat(l.queue().history("DRM2")).isEmpty();
  }
}
