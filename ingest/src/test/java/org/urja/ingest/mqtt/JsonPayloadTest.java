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
  void aGatewaysJsonReadingKeepsItsExactDecimalValue() {
    DecodedPush p =
        JsonPayload.parse(
            json(
                """
        {"readings":[{"obis":"1.0.1.8.0.255","ts":"2026-11-22T04:30:00Z","value":"1234567.891","unit":"Wh"}],
         "events":[{"code":101,"ts":"2026-11-22T04:31:10Z"}]}"""),
            "M1");
    assertThat(p.meterSerial()).isEqualTo("M1");
    assertThat(p.readings())
        .singleElement()
        .satisfies(r -> assertThat(r.value()).isEqualTo(new BigDecimal("1234567.891")));
    assertThat(p.events()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo(101));
  }

  @Test
  void aPayloadForAnotherMeterThanItsTopicIsRefused() {
    assertThatThrownBy(() -> JsonPayload.parse(json("{\"serial\":\"M2\",\"readings\":[]}"), "M1"))
        .isInstanceOf(PushDecodeException.class)
        .hasMessageContaining("does not match topic");
  }

  @Test
  void errorsSayWhichFieldIsWrong() {
    assertThatThrownBy(
            () ->
                JsonPayload.parse(
                    json(
                        "{\"readings\":[{\"obis\":\"1.0.1.8.0.255\",\"ts\":\"yesterday\",\"value\":1}]}"),
                    "M1"))
        .hasMessageContaining("readings[0].ts");
    assertThatThrownBy(
            () ->
                JsonPayload.parse(
                    json(
                        "{\"readings\":[{\"obis\":\"1.0.1.8\",\"ts\":\"2026-11-22T04:30:00Z\",\"value\":1}]}"),
                    "M1"))
        .hasMessageContaining("readings[0].obis");
    assertThatThrownBy(
            () ->
                JsonPayload.parse(
                    json(
                        "{\"readings\":[{\"obis\":\"1.0.1.8.0.255\",\"ts\":\"2026-11-22T04:30:00Z\",\"value\":\"ten\"}]}"),
                    "M1"))
        .hasMessageContaining("readings[0].value");
    assertThatThrownBy(() -> JsonPayload.parse(json("{not json"), "M1"))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void theSerialIsTakenFromPlainAndSharedSubscriptionTopics() {
    assertThat(MqttIngest.serialOf("meters/ABC123/data")).isEqualTo("ABC123");
    assertThat(MqttIngest.serialOf("$share/urja/meters/ABC123/events")).isEqualTo("ABC123");
    assertThatThrownBy(() -> MqttIngest.serialOf("devices/x"))
        .isInstanceOf(PushDecodeException.class);
  }

  /**
   * The payload of issue 7: accepted as a BigDecimal, it later ran a writer out of memory in
   * toPlainString.
   */
  static final String BILLION_DIGIT_VALUE =
      """
      {"serial":"SIM00000007","readings":[{"obis":"1.0.1.8.0.255","ts":"2026-11-22T04:30:00Z","value":"1e999999999","unit":"Wh"}]}""";

  @Test
  void aValueOfABillionDigitsIsRefusedBeforeAnythingWritesItOut() {
    assertThatThrownBy(() -> JsonPayload.parse(json(BILLION_DIGIT_VALUE), "SIM00000007"))
        .isInstanceOf(PushDecodeException.class)
        .hasMessageContaining("readings[0].value has 1000000000 digits before the point");
  }

  @Test
  void theSameValueAsAJsonNumberIsRefusedToo() {
    assertThatThrownBy(
            () ->
                JsonPayload.parse(
                    json(BILLION_DIGIT_VALUE.replace("\"1e999999999\"", "1e999999999")),
                    "SIM00000007"))
        .isInstanceOf(PushDecodeException.class)
        .hasMessageContaining("readings[0].value");
    assertThatThrownBy(
            () ->
                JsonPayload.parse(
                    json(BILLION_DIGIT_VALUE.replace("1e999999999", "1e-999999999")),
                    "SIM00000007"))
        .isInstanceOf(PushDecodeException.class)
        .hasMessageContaining("digits after the point");
  }

  @Test
  void aJsonNumberIsReadExactlyNotThroughADouble() {
    DecodedPush p =
        JsonPayload.parse(
            json(
                """
        {"readings":[{"obis":"1.0.1.8.0.255","ts":"2026-11-22T04:30:00Z","value":12345678901234.123456789}]}"""),
            "M1");
    assertThat(p.readings())
        .singleElement()
        .satisfies(
            r -> assertThat(r.value()).isEqualTo(new BigDecimal("12345678901234.123456789")));
  }

  @Test
  void aRegisterOfTheLargestDlmsWidthStillFits() {
    DecodedPush p =
        JsonPayload.parse(
            json(
                """
        {"readings":[{"obis":"1.0.1.8.0.255","ts":"2026-11-22T04:30:00Z","value":"18446744073709551615000.001"}]}"""),
            "M1");
    assertThat(p.readings())
        .singleElement()
        .satisfies(
            r -> assertThat(r.value().toPlainString()).isEqualTo("18446744073709551615000.001"));
  }

  @Test
  void aNumberLiteralLongerThanAnyReadingIsRefusedByTheParser() {
    String digits = "9".repeat(JsonPayload.MAX_NUMBER_CHARS + 1);
    assertThatThrownBy(
            () ->
                JsonPayload.parse(
                    json(
                        "{\"readings\":[{\"obis\":\"1.0.1.8.0.255\",\"ts\":\"2026-11-22T04:30:00Z\",\"value\":"
                            + digits
                            + "}]}"),
                    "M1"))
        .isInstanceOf(PushDecodeException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(
            () ->
                JsonPayload.parse(
                    json(
                        "{\"readings\":[{\"obis\":\"1.0.1.8.0.255\",\"ts\":\"2026-11-22T04:30:00Z\",\"value\":\""
                            + digits
                            + "\"}]}"),
                    "M1"))
        .isInstanceOf(PushDecodeException.class)
        .hasMessageContaining("readings[0].value must be a decimal number");
  }

  @Test
  void nestingDeeperThanAnyGatewayEnvelopeIsRefused() {
    String deep =
        "{\"x\":".repeat(JsonPayload.MAX_NESTING_DEPTH + 1)
            + "1"
            + "}".repeat(JsonPayload.MAX_NESTING_DEPTH + 1);
    assertThatThrownBy(() -> JsonPayload.parse(json(deep), "M1"))
        .isInstanceOf(PushDecodeException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void moreReadingsThanAWeekOfProfileInOneMessageAreRefused() {
    String one = "{\"obis\":\"1.0.1.8.0.255\",\"ts\":\"2026-11-22T04:30:00Z\",\"value\":1}";
    String many =
        "{\"readings\":["
            + String.join(",", java.util.Collections.nCopies(JsonPayload.MAX_READINGS + 1, one))
            + "]}";
    assertThatThrownBy(() -> JsonPayload.parse(json(many), "M1"))
        .isInstanceOf(PushDecodeException.class)
        .hasMessageContaining("more than " + JsonPayload.MAX_READINGS);
  }

  @Test
  void readingsThatAreNotAnArrayAreRefused() {
    assertThatThrownBy(() -> JsonPayload.parse(json("{\"readings\":{\"a\":1}}"), "M1"))
        .isInstanceOf(PushDecodeException.class)
        .hasMessageContaining("readings must be an array");
  }

  @Test
  void anInstantPastTheYear9999IsRefusedBeforeItReachesTheDatabase() {
    assertThatThrownBy(
            () ->
                JsonPayload.parse(
                    json(
                        "{\"readings\":[{\"obis\":\"1.0.1.8.0.255\",\"ts\":\"+294277-01-01T00:00:00Z\",\"value\":1}]}"),
                    "M1"))
        .isInstanceOf(PushDecodeException.class)
        .hasMessageContaining("outside the years 1970 to 9999");
  }

  @Test
  void aJsonNumberWhoseExponentDoesNotFitAnIntIsADecodeError() {
    // found by JsonPayloadFuzzTest: Jackson threw NumberFormatException, not a parse exception
    String exponent = "1e-9994444444444444444444444444444444444444444444444";
    assertThatThrownBy(
            () ->
                JsonPayload.parse(
                    json(
                        "{\"readings\":[{\"obis\":\"1.0.1.8.0.255\",\"ts\":\"2026-11-22T04:30:00Z\",\"value\":"
                            + exponent
                            + "}]}"),
                    "M1"))
        .isInstanceOf(PushDecodeException.class)
        .hasMessageContaining("number out of range");
  }
}
