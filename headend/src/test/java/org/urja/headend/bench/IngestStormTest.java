package org.urja.headend.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.urja.protocol.model.MeterModelCatalog;

/**
 * What the storm expects to be stored, and how it reports a miss. The storm itself runs only as
 * {@code bench ingest --storm}.
 */
class IngestStormTest {
  @Test
  void theStormExpectsTheReadingsEachMakeOfTheFleetReallyPushes() {
    MeterModelCatalog catalog = MeterModelCatalog.bundled();
    assertThat(IngestStorm.readingsPerPush(catalog.get("urja-sim-1ph"))).isEqualTo(7);
    // no export register in the second make's push
    assertThat(IngestStorm.readingsPerPush(catalog.get("urja-sim-1ph-b"))).isEqualTo(6);
    // the fleet is split between the two makes in blocks of serials
    assertThat(IngestStorm.readingsPerInterval(10_000)).isEqualTo(5_000 * 7 + 5_000 * 6);
    assertThat(IngestStorm.readingsPerInterval(3)).isEqualTo(7 + 2 * 6);
  }

  @Test
  void aStormThatMissedItsWindowSaysWhatWasMissingAndIsNotMet() {
    IngestStorm.Report missed =
        new IngestStorm.Report(
            10_000,
            10_000,
            24,
            Duration.ofMillis(200),
            1_560_000,
            1_244_141,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            99_874,
            187_058,
            "13.5",
            "10.0",
            4.2,
            Duration.ofMinutes(5),
            List.of("7,813 of 10,000 meters identified within PT5M"));
    assertThat(missed.met()).isFalse();
    assertThat(IngestStormMarkdown.of(missed))
        .contains("| within the window of PT5M | **no**: 7,813 of 10,000 meters identified");
  }
}
