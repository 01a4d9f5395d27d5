package org.urja.ledger.charging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.ledger.support.LedgerFixture.reading;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.journal.EntryKind;
import org.urja.ledger.support.LedgerFixture;

class ConsumptionChargerTest {

  private static final LedgerFixture ledger = new LedgerFixture();
  private static int next;
  private String account;
  private String meter;
  private final ConsumptionCharger charger =
      new ConsumptionCharger(ledger.tx, BalanceListener.NONE, 7);

  static {
    ledger.tariffs.save(ledger.flatTariff());
  }

  @BeforeEach
  void openPrepaidAccount() {
    next++;
    account = "ACC" + next;
    meter = "MTR" + next;
    ledger.open(account, meter, PaymentMode.PREPAID);
  }

  @Test
  void theFirstReadingIsTheBaselineAndTheNextIsChargedForTheDelta() {
    ChargeReport first = charger.charge(List.of(reading(meter, "2026-05-10T04:30:00Z", 1_000_000)));
    assertThat(first.baselines()).isEqualTo(1);
    assertThat(ledger.balance(account)).isZero();

    ChargeReport second =
        charger.charge(List.of(reading(meter, "2026-05-10T04:45:00Z", 1_002_000)));
    assertThat(second.charged()).isEqualTo(1);
    assertThat(ledger.balance(account)).isEqualTo(-1000); // 2 kWh at ₹5
  }

  @Test
  void afterEachCommittedTransactionTheWatchIsToldTheBalanceEachChargedMeterLeft() {
    charger.charge(List.of(reading(meter, "2026-05-10T04:30:00Z", 1_000_000)));
    List<java.util.Map<String, Long>> told = new ArrayList<>();

    charger.charge(List.of(reading(meter, "2026-05-10T04:45:00Z", 1_002_000)), told::add);
    charger.charge(List.of(reading(meter, "2026-05-10T04:45:00Z", 1_002_000)), told::add);

    // the replay charged nothing, so only the first call says anything
    assertThat(told).containsExactly(java.util.Map.of(meter, -1000L));
  }

  @Test
  void replayingTheSameReadingStreamChargesOnce() {
    List<RegisterReading> stream = new ArrayList<>();
    for (int i = 0; i <= 20; i++) {
      stream.add(
          reading(
              meter,
              Instant.parse("2026-05-10T00:00:00Z").plusSeconds(900L * i).toString(),
              500L * i));
    }
    charger.charge(stream);
    long once = ledger.balance(account);
    ChargeReport replay = charger.charge(stream);

    assertThat(once).isEqualTo(-5000); // 10 kWh
    assertThat(replay.charged()).isZero();
    assertThat(replay.stale()).isEqualTo(21);
    assertThat(ledger.balance(account)).isEqualTo(once);
    assertThat(ledger.queries.journalSumPaise(account)).isEqualTo(once);
  }

  @Test
  void reorderedAndDuplicatedReadingsInOneBatchAreChargedInTimeOrderOnceAsOneEntry() {
    List<RegisterReading> batch =
        new ArrayList<>(
            List.of(
                reading(meter, "2026-05-10T00:00:00Z", 0),
                    reading(meter, "2026-05-10T00:15:00Z", 1000),
                reading(meter, "2026-05-10T00:30:00Z", 3000),
                    reading(meter, "2026-05-10T00:45:00Z", 4000)));
    batch.addAll(List.copyOf(batch));
    Collections.shuffle(batch, new Random(7));

    charger.charge(batch);

    assertThat(ledger.balance(account)).isEqualTo(-2000);
    // three charged intervals of one day, until the balance went below zero with the first: that
    // entry ends where zero was crossed, the other two are journalled together
    assertThat(ledger.queries.entries(account))
        .extracting(e -> e.idempotencyKey())
        .containsExactly(
            "charge:" + meter + ":2026-05-10T00:15:00Z",
            "charge:" + meter + ":2026-05-10T00:45:00Z");
  }

  @Test
  void aLateReadingOlderThanTheLastChargedOneIsIgnoredAndCounted() {
    charger.charge(
        List.of(
            reading(meter, "2026-05-10T00:00:00Z", 0),
            reading(meter, "2026-05-10T01:00:00Z", 4000)));
    ChargeReport late = charger.charge(List.of(reading(meter, "2026-05-10T00:30:00Z", 2000)));

    assertThat(late.stale()).isEqualTo(1);
    assertThat(ledger.balance(account)).isEqualTo(-2000);
  }

  @Test
  void aGapIsChargedInFullWhenDataResumes() {
    charger.charge(List.of(reading(meter, "2026-05-10T00:00:00Z", 10_000)));
    charger.charge(List.of(reading(meter, "2026-05-13T00:00:00Z", 40_000)));

    assertThat(ledger.balance(account)).isEqualTo(-15_000);
    assertThat(ledger.queries.entries(account))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.idempotencyKey())
                    .isEqualTo("charge:" + meter + ":2026-05-13T00:00:00Z"));
  }

  @Test
  void aRegisterGoingBackwardsRaisesAnAnomalyAndIsNeverCredited() throws Exception {
    charger.charge(List.of(reading(meter, "2026-05-10T00:00:00Z", 50_000)));
    ChargeReport backwards =
        charger.charge(
            List.of(
                reading(meter, "2026-05-10T00:15:00Z", 100),
                reading(meter, "2026-05-10T00:30:00Z", 300)));

    assertThat(backwards.anomalies()).isEqualTo(2);
    assertThat(ledger.balance(account)).isZero();
    assertThat(openAnomalies()).containsExactly("register_backwards");

    // the operator accepts the new register value; charging resumes from it
    new AnomalyReview(ledger.tx).rebaseline(anomalyId(), "ops.sharma", "meter replaced in field");
    charger.charge(List.of(reading(meter, "2026-05-10T00:45:00Z", 2_100)));
    assertThat(ledger.balance(account)).isEqualTo(-1000);
    assertThat(openAnomalies()).isEmpty();
  }

  @Test
  void aPostpaidAccountRecordsConsumptionButIsNeverDeducted() {
    String postpaid = account + "P";
    ledger.open(postpaid, meter + "P", PaymentMode.POSTPAID);
    ChargeReport report =
        charger.charge(
            List.of(
                reading(meter + "P", "2026-05-10T00:00:00Z", 0),
                reading(meter + "P", "2026-05-10T01:00:00Z", 5000)));

    assertThat(report.recordedOnly()).isEqualTo(1);
    assertThat(ledger.balance(postpaid)).isZero();
    assertThat(ledger.queries.entries(postpaid)).isEmpty();
  }

  @Test
  void aReplacedMeterStartsFromItsOwnBaselineAndTheAccountKeepsItsHistory() {
    charger.charge(
        List.of(
            reading(meter, "2026-05-10T00:00:00Z", 80_000),
            reading(meter, "2026-05-10T06:00:00Z", 82_000)));
    ledger.accounts.replaceMeter(account, meter + "R", Instant.parse("2026-05-10T07:00:00Z"));
    charger.charge(
        List.of(
            reading(meter + "R", "2026-05-10T07:15:00Z", 0),
            reading(meter + "R", "2026-05-10T08:00:00Z", 1_000),
            reading(
                meter,
                "2026-05-10T08:00:00Z",
                90_000))); // the old meter on the bench: serves no account now

    assertThat(ledger.balance(account)).isEqualTo(-1000 - 500);
    assertThat(ledger.queries.entries(account))
        .extracting(e -> e.kind())
        .containsOnly(EntryKind.DEDUCTION);
  }

  @Test
  void consumptionWhilePostpaidIsNotChargedAfterTheSwitchToPrepaid() {
    String switching = account + "S";
    ledger.open(switching, meter + "S", PaymentMode.POSTPAID);
    charger.charge(
        List.of(
            reading(meter + "S", "2026-05-10T00:00:00Z", 0),
            reading(meter + "S", "2026-05-10T06:00:00Z", 10_000)));
    ledger.accounts.applyMeterModeEvent(meter + "S", 212, Instant.parse("2026-05-10T06:00:00Z"));
    charger.charge(List.of(reading(meter + "S", "2026-05-10T07:00:00Z", 11_000)));

    assertThat(ledger.balance(switching)).isEqualTo(-500);
  }

  @Test
  void readingsOfAMeterLinkedToNoAccountAreCountedNotCharged() {
    ChargeReport report = charger.charge(List.of(reading("NOBODY", "2026-05-10T00:00:00Z", 5)));
    assertThat(report.unknownMeter()).isEqualTo(1);
  }

  private List<String> openAnomalies() throws Exception {
    List<String> kinds = new ArrayList<>();
    try (var c = ledger.dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select kind from ledger_anomalies where meter_serial = ? and resolved_at is null")) {
      ps.setString(1, meter);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          kinds.add(rs.getString(1));
        }
      }
    }
    return kinds;
  }

  private long anomalyId() throws Exception {
    try (var c = ledger.dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("select id from ledger_anomalies where meter_serial = ?")) {
      ps.setString(1, meter);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
