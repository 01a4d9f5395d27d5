package org.urja.headend.bench.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class DrillResultTest {
  static DrillResult result(
      long tcpExpected,
      long tcpStored,
      long mqttAcked,
      long mqttStored,
      Optional<Census.Ledger> ledger,
      Optional<Census.Payments> payments) {
    return new DrillResult(
        "kill-ingest",
        "kill -9",
        tcpExpected,
        tcpStored,
        mqttAcked,
        mqttStored,
        7,
        ledger,
        payments,
        OptionalDouble.of(12),
        Optional.empty(),
        "");
  }

  static DrillResult killed(long pushesWritten, long pushesStored, DrillResult.Intervals energy) {
    // a push carries 7 readings; a back-filled interval 4 (voltage, current, Wh, VAh)
    long stored = pushesStored * 7 + energy.backfilled() * 4;
    return new DrillResult(
        "kill-charging",
        "kill -9",
        pushesWritten * 7,
        stored,
        0,
        0,
        7,
        Optional.of(new Census.Ledger(500, 0, 0, 0)),
        Optional.empty(),
        OptionalDouble.of(7),
        Optional.of(energy),
        "");
  }

  @Test
  void aKillWhosePushesInFlightAreBackFilledLosesNothingButSaysWhichInstantaneousValuesAreGone() {
    DrillResult r = killed(15_500, 15_450, new DrillResult.Intervals(15_500, 15_500, 50, 0));

    assertThat(r.readingsMissing()).isEqualTo(50 * 3);
    assertThat(r.tcpPushesUnrecoverable()).isEqualTo(50);
    assertThat(r.passed()).isTrue();
    assertThat(ResultsTable.markdown(List.of(r)))
        .contains("| 15,500 / 15,500 / 50 / **0** | 50 |")
        .contains("nothing lost");
  }

  @Test
  void oneEnergyIntervalNotBackFilledFailsTheKillDrill() {
    DrillResult r = killed(15_500, 15_450, new DrillResult.Intervals(15_500, 15_499, 49, 0));

    assertThat(r.energy().orElseThrow().lost()).isEqualTo(1);
    assertThat(r.passed()).isFalse();
  }

  @Test
  void aBackFilledIntervalThatWasChargedAgainFailsTheKillDrill() {
    DrillResult r = killed(15_500, 15_450, new DrillResult.Intervals(15_500, 15_500, 50, 1));

    assertThat(r.passed()).isFalse();
    assertThat(ResultsTable.markdown(List.of(r))).contains("1 back-filled charged");
  }

  @Test
  void mqttMessagesLostAreNotHiddenByTcpReadingsStoredBeyondWhatTheMetersCounted() {
    DrillResult r = result(700, 714, 100, 98, Optional.empty(), Optional.empty());

    assertThat(r.readingsExpected()).isEqualTo(700 + 100 * 7);
    assertThat(r.readingsMissing()).isEqualTo(2 * 7);
    assertThat(r.passed()).isFalse();
  }

  @Test
  void aPaymentAcknowledgedButNotJournalledFailsTheDrillEvenWhenNoReadingIsMissing() {
    DrillResult r =
        result(
            700,
            700,
            0,
            0,
            Optional.of(new Census.Ledger(10, 0, 0, 0)),
            Optional.of(new Census.Payments(50, 49, 1)));

    assertThat(r.readingsMissing()).isZero();
    assertThat(r.passed()).isFalse();
    assertThat(ResultsTable.markdown(List.of(r))).contains("| 50 / 49 |").contains("**LOSS**");
  }

  @Test
  void aBalanceOffItsJournalFailsTheDrill() {
    DrillResult r =
        result(700, 700, 0, 0, Optional.of(new Census.Ledger(10, 1, 0, 0)), Optional.empty());

    assertThat(r.passed()).isFalse();
    assertThat(ResultsTable.markdown(List.of(r))).contains("**no: 1 accounts off**");
  }

  @Test
  void prometheusSamplesAreSummedOverTheSeriesWithTheLabelsAsked() {
    String text =
        """
        # HELP urja_ingest_rows_written_total
        urja_ingest_rows_written_total{kind="reading",outcome="inserted",} 1200.0
        urja_ingest_rows_written_total{kind="reading",outcome="duplicate",} 30.0
        urja_ingest_rows_written_total{kind="event",outcome="inserted",} 5.0
        urja_ingest_rows_written_totalish{kind="reading",outcome="inserted",} 99.0
        """;

    assertThat(
            HeadEndNode.sample(
                    text,
                    "urja_ingest_rows_written_total",
                    "kind=\"reading\"",
                    "outcome=\"inserted\"")
                .getAsDouble())
        .isEqualTo(1200.0);
    assertThat(
            HeadEndNode.sample(text, "urja_ingest_rows_written_total", "outcome=\"inserted\"")
                .getAsDouble())
        .isEqualTo(1205.0);
    assertThat(HeadEndNode.sample(text, "urja_ingest_connections")).isEmpty();
  }
}
