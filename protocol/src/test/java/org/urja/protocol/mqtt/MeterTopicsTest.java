package org.urja.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeterTopicsTest {

  @Test
  void aMetersTopicsAreNamedUnderMetersSerial() {
    assertThat(MeterTopics.data("M1")).isEqualTo("meters/M1/data");
    assertThat(MeterTopics.events("M1")).isEqualTo("meters/M1/events");
    assertThat(MeterTopics.commands("M1")).isEqualTo("meters/M1/commands");
    assertThat(MeterTopics.replies("M1")).isEqualTo("meters/M1/replies");
    assertThat(MeterTopics.INGEST_FILTERS).containsExactly("meters/+/data", "meters/+/events");
    assertThat(MeterTopics.REPLIES_FILTER).isEqualTo("meters/+/replies");
  }

  @Test
  void theSerialIsFoundBehindASharedSubscriptionPrefixAndOnlyOnTheAskedKind() {
    assertThat(MeterTopics.serialOf("$share/urja/meters/M7/data")).contains("M7");
    assertThat(MeterTopics.serialOf("$share/urja/meters/M7/replies", MeterTopics.REPLIES))
        .contains("M7");
    assertThat(MeterTopics.serialOf("meters/M7/data", MeterTopics.REPLIES)).isEmpty();
    assertThat(MeterTopics.serialOf("meters//data")).isEmpty();
    assertThat(MeterTopics.serialOf("gateways/G1/status")).isEmpty();
  }
}
