package org.urja.ingest.store.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.urja.ingest.db.PostgresTestSupport;

/** The benchmark's plumbing, on a few thousand rows; it says nothing about speed. */
class StoreBenchmarkTest extends PostgresTestSupport {

  @Test
  void everyStrategyWritesEveryRowOfTheRun() throws Exception {
    List<StoreBenchmark.Result> results = new StoreBenchmark(dataSource()).run(3_000);

    assertThat(results).hasSize(12);
    assertThat(results)
        .allSatisfy(
            r -> {
              assertThat(r.rows()).isEqualTo(3_000);
              assertThat(r.rowsPerSecond()).isPositive();
            });
    assertThat(results)
        .extracting(StoreBenchmark.Result::strategy)
        .containsOnly("RAW_COPY", "UNNEST", "STAGED_COPY");
    assertThat(queryLong("SELECT count(*) FROM pg_class WHERE relname = 'bench_readings'"))
        .isZero();
  }

  @ParameterizedTest
  @EnumSource(StoreBenchmark.Method.class)
  void aSustainedRunWritesEveryRowItWasAskedForAcrossPartialBatchesAndLeavesNoTableBehind(
      StoreBenchmark.Method method) throws Exception {
    StoreBenchmark.Result r = new StoreBenchmark(dataSource()).sustained(method, 2, 1_000, 4_321);

    assertThat(r.rows()).isEqualTo(4_321);
    assertThat(r.strategy()).isEqualTo(method.name());
    assertThat(queryLong("SELECT count(*) FROM pg_class WHERE relname = 'bench_readings'"))
        .isZero();
  }
}
