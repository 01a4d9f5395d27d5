package org.urja.ledger.charging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.alerts.BalanceAlerts;
import org.urja.ledger.alerts.Notifier;
import org.urja.ledger.db.Json;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.journal.PostedEntry;
import org.urja.ledger.payment.PaymentPosting;
import org.urja.ledger.payment.ReceiptListener;
import org.urja.ledger.support.LedgerFixture;
import org.urja.ledger.support.Outbox;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;
import org.urja.ledger.tariff.TimeOfDayBand;

/**
 * A meter's backlog charged in one go (issue 11): the same paise as its readings charged one at a
 * time, in one journal entry per local day and time-of-day multiplier, exactly once however the
 * readings are split into batches. Each case charges twin accounts on the same tariff: one reading
 * per call on one, the whole backlog in one call on the other.
 */
class BacklogChargedTogetherTest {

  private static final LedgerFixture ledger = new LedgerFixture();
  private static final String FLAT = "FLAT";
  private static final String TOD = "TOD";
  private static final String SLABS = "SLABS";
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private static final long AMPLE = 10_000_000; // ₹1,00,000
  private static int next;

  static {
    for (String utility : List.of(FLAT, TOD, SLABS)) {
      ledger.utilities.register(utility, utility, UtilitySettings.defaults());
    }
    List<Slab> flatRate = List.of(new Slab(null, new BigDecimal("500")));
    ledger.tariffs.save(tariff(FLAT, flatRate, BigDecimal.ZERO, List.of(), Rebate.none()));
    ledger.tariffs.save(
        tariff(
            TOD,
            flatRate,
            BigDecimal.ZERO,
            List.of(
                new TimeOfDayBand(LocalTime.of(18, 0), LocalTime.of(22, 0), new BigDecimal("1.20")),
                new TimeOfDayBand(LocalTime.of(22, 0), LocalTime.of(6, 0), new BigDecimal("0.90"))),
            Rebate.none()));
    // telescopic slabs, 5 % duty and a 3 % prepaid rebate: every line is rounded per reading
    ledger.tariffs.save(
        tariff(
            SLABS,
            List.of(
                new Slab(new BigDecimal("100"), new BigDecimal("335")),
                new Slab(new BigDecimal("150"), new BigDecimal("385")),
                new Slab(null, new BigDecimal("550"))),
            new BigDecimal("5"),
            List.of(),
            new Rebate(Rebate.Kind.PERCENT, new BigDecimal("3"))));
  }

  private final ConsumptionCharger charger =
      new ConsumptionCharger(ledger.tx, BalanceListener.NONE, 5_000);
  private final PaymentPosting payments =
      new PaymentPosting(
          ledger.tx, BalanceListener.NONE, ReceiptListener.NONE, Clock.fixed(T0, ZoneOffset.UTC));

  @Test
  void aBacklogOfOneDayOnAFlatTariffIsOneEntryWithTheSamePaiseAsEachReadingAlone() {
    Twins t = twins(FLAT, AMPLE);
    List<RegisterReading> backlog = t.readings("2026-05-10T04:00:00Z", 12, 333);

    t.chargeOneByOne(backlog);
    t.chargeTogether(backlog);

    assertThat(t.together().balance())
        .isEqualTo(t.alone().balance())
        .isEqualTo(AMPLE - 12 * 167); // ₹1.665 rounded per reading
    assertThat(t.alone().deductions()).hasSize(12);
    assertThat(t.together().deductions())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.idempotencyKey())
                    .isEqualTo("charge:" + t.together().meter() + ":2026-05-10T07:00:00Z"));
    t.balancesEqualTheirJournals();
  }

  @Test
  void aBacklogAcrossATimeOfDayBoundaryIsOneEntryPerMultiplierWithTheSamePaise() {
    Twins t = twins(TOD, AMPLE);
    // 11:30–13:30 UTC is 17:00–19:00 IST: peak (×1.20) from 18:00 IST
    List<RegisterReading> backlog = t.readings("2026-05-10T11:30:00Z", 8, 777);

    t.chargeOneByOne(backlog);
    t.chargeTogether(backlog);

    assertThat(t.together().balance()).isEqualTo(t.alone().balance());
    assertThat(t.together().details())
        .extracting(d -> d.get("lines").get("todMultiplier").decimalValue())
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(BigDecimal.ONE, new BigDecimal("1.2"));
    assertThat(t.together().details())
        .extracting(d -> d.get("readings").asInt())
        .containsExactly(4, 4);
    t.balancesEqualTheirJournals();
  }

  @Test
  void aBacklogAcrossSlabBoundariesWithDutyAndRebateCostsTheSamePaiseInOneEntry() {
    Twins t = twins(SLABS, AMPLE);
    // 8 × 23.457 kWh: through the 100 and 150 kWh slab edges of the month
    List<RegisterReading> backlog = t.readings("2026-05-10T00:00:00Z", 8, 23_457);

    t.chargeOneByOne(backlog);
    t.chargeTogether(backlog);

    assertThat(t.together().balance()).isEqualTo(t.alone().balance());
    assertThat(t.together().deductions()).hasSize(1);
    JsonNode lines = t.together().details().get(0).get("lines");
    assertThat(lines.get("kwh").decimalValue()).isEqualByComparingTo("187.656");
    assertThat(
            lines.get("energyPaise").asLong()
                - lines.get("rebatePaise").asLong()
                + lines.get("dutyPaise").asLong())
        .isEqualTo(lines.get("totalPaise").asLong())
        .isEqualTo(AMPLE - t.together().balance());
    t.balancesEqualTheirJournals();
  }

  @Test
  void aBacklogAcrossTheEndOfTheMonthIsSplitThereAndTheNewMonthStartsInTheFirstSlab() {
    Twins t = twins(SLABS, AMPLE);
    // local midnight IST of 1 June is 18:30 UTC on 31 May; 60 kWh a reading, past 100 kWh in May
    List<RegisterReading> backlog = t.readings("2026-05-31T17:45:00Z", 6, 60_000);

    t.chargeOneByOne(backlog);
    t.chargeTogether(backlog);

    assertThat(t.together().balance()).isEqualTo(t.alone().balance());
    assertThat(t.together().deductions())
        .extracting(PostedEntry::idempotencyKey)
        .containsExactly(
            "charge:" + t.together().meter() + ":2026-05-31T18:15:00Z",
            "charge:" + t.together().meter() + ":2026-05-31T19:15:00Z");
    assertThat(t.together().details())
        .extracting(d -> d.get("readings").asInt())
        .containsExactly(2, 4);
    t.balancesEqualTheirJournals();
  }

  @Test
  void aBacklogAcrossLocalMidnightIsOneEntryPerDay() {
    Twins t = twins(FLAT, AMPLE);
    // 17:45–19:15 UTC on 10 May crosses midnight IST (18:30 UTC)
    List<RegisterReading> backlog = t.readings("2026-05-10T17:45:00Z", 6, 500);

    t.chargeOneByOne(backlog);
    t.chargeTogether(backlog);

    assertThat(t.together().balance()).isEqualTo(t.alone().balance()).isEqualTo(AMPLE - 1_500);
    assertThat(t.together().details())
        .extracting(d -> d.get("toTs").asText())
        .containsExactly("2026-05-10T18:15:00Z", "2026-05-10T19:15:00Z");
    t.balancesEqualTheirJournals();
  }

  @Test
  void theEntryTellsFromWhichRegisterValueAndTimeToWhichItChargesAndForHowManyReadings() {
    Twins t = twins(FLAT, AMPLE);
    t.chargeTogether(t.readings("2026-05-12T04:00:00Z", 5, 1_000));

    JsonNode d = t.together().details().get(0);
    assertThat(d.isObject()).isTrue();
    assertThat(d.get("tariff").asText()).isEqualTo("LMV-1");
    assertThat(d.get("fromWh").decimalValue()).isEqualByComparingTo("1000000");
    assertThat(d.get("toWh").decimalValue()).isEqualByComparingTo("1005000");
    assertThat(d.get("fromTs").asText()).isEqualTo("2026-05-12T04:00:00Z");
    assertThat(d.get("toTs").asText()).isEqualTo("2026-05-12T05:15:00Z");
    assertThat(d.get("readings").asInt()).isEqualTo(5);
    assertThat(d.get("lines").get("kwh").decimalValue()).isEqualByComparingTo("5");
    assertThat(d.get("lines").get("totalPaise").asLong()).isEqualTo(2_500);
  }

  @Test
  void theEntryThatTakesTheBalanceBelowZeroEndsAtTheReadingThatCrossedSoGraceStartsThere() {
    Twins t = twins(FLAT, 1_200); // ₹12: the third ₹5 reading crosses zero
    List<RegisterReading> backlog = t.readings("2026-05-13T04:00:00Z", 6, 1_000);

    t.chargeOneByOne(backlog);
    t.chargeTogether(backlog);

    assertThat(t.together().balance()).isEqualTo(t.alone().balance()).isEqualTo(1_200 - 3_000);
    assertThat(t.together().deductions())
        .extracting(PostedEntry::balanceAfterPaise)
        .containsExactly(-300L, -1_800L);
    assertThat(t.together().negativeSince())
        .isEqualTo(t.alone().negativeSince())
        .isEqualTo(Instant.parse("2026-05-13T04:45:00Z"));
  }

  @Test
  void aReplayAfterACrashWithTheReadingsSplitDifferentlyChargesNothingTwice() {
    Twins t = twins(SLABS, AMPLE);
    List<RegisterReading> backlog = t.readings("2026-05-14T00:00:00Z", 12, 9_000);
    t.chargeOneByOne(backlog);

    // the first attempt dies after the journal was written, before the commit
    AtomicBoolean crash = new AtomicBoolean(true);
    ConsumptionCharger crashing =
        new ConsumptionCharger(
            ledger.tx,
            (c, changes) -> {
              if (crash.getAndSet(false)) {
                throw new IllegalStateException("node lost");
              }
            },
            5_000);
    List<RegisterReading> mine = t.together().of(backlog);
    assertThatThrownBy(() -> crashing.charge(mine.subList(0, 7))).hasMessageContaining("node lost");
    assertThat(t.together().balance()).isEqualTo(AMPLE);

    // then the same readings come again, in other batches, overlapping, some twice
    crashing.charge(mine.subList(0, 4));
    crashing.charge(mine.subList(2, 9));
    ChargeReport replay = crashing.charge(mine);
    crashing.charge(mine.subList(5, 12));

    assertThat(replay.charged()).isEqualTo(3);
    assertThat(t.together().balance()).isEqualTo(t.alone().balance());
    assertThat(t.together().deductions()).hasSize(3);
    t.balancesEqualTheirJournals();
  }

  @Test
  void aBacklogThatCrossesAnAlertThresholdSendsOneAlert() {
    BalanceAlerts alerts = new BalanceAlerts(new Notifier(List.of("log")));
    ConsumptionCharger alerting = new ConsumptionCharger(ledger.tx, alerts, 5_000);
    Twins t = twins(FLAT, 100_000); // ₹1,000 recharged
    List<RegisterReading> backlog = t.together().of(t.readings("2026-05-15T00:00:00Z", 16, 10_000));

    alerting.charge(backlog); // 16 × ₹50: ₹200 left, below 30 %
    alerting.charge(backlog);

    assertThat(t.together().balance()).isEqualTo(20_000);
    assertThat(t.together().deductions()).hasSize(1);
    assertThat(Outbox.kinds(ledger.dataSource, t.together().account()))
        .filteredOn(k -> k.startsWith("balance_"))
        .containsExactly("balance_low");
  }

  // ---------------------------------------------------------------------------------------------

  private static Tariff tariff(
      String utility, List<Slab> slabs, BigDecimal duty, List<TimeOfDayBand> tod, Rebate rebate) {
    return new Tariff(
        utility, "LMV-1", LocalDate.of(2020, 1, 1), slabs, BigDecimal.ZERO, duty, tod, rebate);
  }

  /** One account and its meter. */
  private record Side(String account, String meter) {
    long balance() {
      return ledger.balance(account);
    }

    List<PostedEntry> deductions() {
      return ledger.queries.entries(account).stream()
          .filter(e -> e.idempotencyKey().startsWith("charge:"))
          .toList();
    }

    /** The deductions' details as the statement reads them ({@code ledger_api.journal}). */
    List<JsonNode> details() {
      List<JsonNode> out = new ArrayList<>();
      query(
          "select details::text from ledger_api.journal where account_id = ? and kind = 'deduction' "
              + "order by occurred_at",
          rs -> out.add(Json.read(rs.getString(1), JsonNode.class)));
      return out;
    }

    Instant negativeSince() {
      List<Instant> out = new ArrayList<>();
      query(
          "select negative_since from balances where account_id = ?",
          rs -> {
            Timestamp ts = rs.getTimestamp(1);
            out.add(ts == null ? null : ts.toInstant());
          });
      return out.get(0);
    }

    /** The same readings, on this side's meter. */
    List<RegisterReading> of(List<RegisterReading> readings) {
      return readings.stream().map(r -> new RegisterReading(meter, r.ts(), r.wh())).toList();
    }

    private void query(String sql, RowReader reader) {
      try (Connection c = ledger.dataSource.getConnection();
          PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, account);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            reader.read(rs);
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  /** Two accounts with the same credit and tariff; both meters start from the same baseline. */
  private final class Twins {
    private final Side alone;
    private final Side together;

    Twins(Side alone, Side together) {
      this.alone = alone;
      this.together = together;
    }

    Side alone() {
      return alone;
    }

    Side together() {
      return together;
    }

    /**
     * {@code n} readings 15 minutes apart after a baseline at {@code start} of 1,000,000 Wh, each
     * {@code whEach} more than the one before; the baseline is charged on both sides now.
     */
    List<RegisterReading> readings(String start, int n, long whEach) {
      Instant t = Instant.parse(start);
      RegisterReading baseline = new RegisterReading("-", t, BigDecimal.valueOf(1_000_000));
      charger.charge(alone.of(List.of(baseline)));
      charger.charge(together.of(List.of(baseline)));
      List<RegisterReading> out = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        out.add(
            new RegisterReading(
                "-", t.plusSeconds(900L * i), BigDecimal.valueOf(1_000_000 + whEach * i)));
      }
      return out;
    }

    void chargeOneByOne(List<RegisterReading> readings) {
      for (RegisterReading r : alone.of(readings)) {
        charger.charge(List.of(r));
      }
    }

    void chargeTogether(List<RegisterReading> readings) {
      charger.charge(together.of(readings));
    }

    void balancesEqualTheirJournals() {
      for (Side s : List.of(alone, together)) {
        assertThat(ledger.queries.journalSumPaise(s.account())).isEqualTo(s.balance());
      }
    }
  }

  private Twins twins(String utility, long creditPaise) {
    next++;
    Side alone = open(utility, "ONE" + next, "M1-" + next);
    Side together = open(utility, "ALL" + next, "MA-" + next);
    for (Side s : List.of(alone, together)) {
      payments.post(s.account(), creditPaise, "UTR-" + s.account(), "upi", T0);
    }
    return new Twins(alone, together);
  }

  private static Side open(String utility, String account, String meter) {
    ledger.accounts.open(
        new Account(
            account,
            utility,
            "Consumer " + account,
            "+919800000000",
            null,
            PaymentMode.PREPAID,
            "LMV-1",
            new BigDecimal("2"),
            T0),
        meter);
    return new Side(account, meter);
  }
}
