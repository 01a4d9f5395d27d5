package org.urja.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.urja.ingest.push.DecodedPush;
import org.urja.ingest.push.PushDecodeException;

class JsonPayloadTest {
  static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void a_gateways_json_reading_keeps_its_exact_decimal_value() {
    DecodedPush p = JsonPayload.parse(json("""
        {"readings":[{"obis":"1.0.1.8.0.255","ts":"2026-11-22T04:30:00Z","value":"1234567.891","unit":"Wh"}],
         "events":[{"code":101,"ts":"2026-11-22T04:31:10Z"}]}"""), "M1");
    assertThat(p.meterSerial()).isEqualTo("M1");
    assertThat(p.readings()).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(new BigDecimal("1234567.891")));
    assertThat(p.events()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo(101));
  }

  @Test
  void a_payload_for_another_meter_than_its_topic_is_refused() {
    assertThatThrownBy(() -> JsonPayload.parse(json("{\"serial\":\"M2\",\"readings\":[]}"), "M1"))
        .isInstanceOf(PushDecodeException.class)
        .hasMessageContaining("does not match topic");
  }

  @Test
  void errors_say_which_field_is_wrong() {
    assertThatThrownBy(() -> JsonPayload.parse(json("{\"readings\":[{\"obis\":\"1.0.1.8.0.255\",\"ts\":\"yesterday\",\"value\":1}]}"), "M1"))
        .hasMessageContaining("readings[0].ts");
    assertThatThrownBy(() -> JsonPayload.parse(json("{\"readings\":[{\"obis\":\"1.0.1.8\",\"ts\":\"2026-11-22T04:30:00Z\",\"value\":1}]}"), "M1"))
        .hasMessageContaining("readings[0].obis");
    assertThatThrownBy(() -> JsonPayload.parse(json("{\"readings\":[{\"obis\":\"1.0.1.8.0.255\",\"ts\":\"2026-11-22T04:30:00Z\",\"value\":\"ten\"}]}"), "M1"))
        .hasMessageContaining("readings[0].value");
    assertThatThrownBy(() -> JsonPayload.parse(json("{not json"), "M1")).hasMessageContaining("not valid JSON");
  }

  @Test
  void the_serial_is_taken_from_plain_and_shared_subscription_topics() {
    assertThat(MqttIngest.serialOf("meters/ABC123/data")).isEqualTo("ABC123");
    assertThat(MqttIngest.serialOf("$share/urja/meters/ABC123/events")).isEqualTo("ABC123");
    assertThatThrownBy(() -> MqttIngest.serialOf("devices/x")).isInstanceOf(PushDecodeException.class);
  }
}
