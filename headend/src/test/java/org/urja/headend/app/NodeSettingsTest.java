package org.urja.headend.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.urja.headend.config.UrjaConfig;

/** The edge where configuration keys become each wing's typed settings. */
class NodeSettingsTest {

  @Test
  void eachMqttClientOfANodeHasItsOwnClientIdOnTheSameBroker() {
    NodeSettings s =
        NodeSettings.from(
            UrjaConfig.defaults().with("mqtt.client.id", "hes-7"),
            Optional.of("tcp://broker:1883"));

    assertThat(s.ingest().mqtt().orElseThrow().broker().clientId()).isEqualTo("hes-7");
    assertThat(s.prepaid().notifyOverMqtt().orElseThrow().broker().clientId())
        .isEqualTo("hes-7-notify");
    assertThat(s.commands().relayOverMqtt().orElseThrow().broker().clientId())
        .isEqualTo("hes-7-relay");
    assertThat(s.ingest().mqtt().orElseThrow().broker().uri()).isEqualTo("tcp://broker:1883");
  }

  @Test
  void sessionAdoptionIsOnByDefaultAndItsTimesComeFromTheirKeys() {
    NodeSettings byDefault =
        NodeSettings.from(UrjaConfig.defaults(), Optional.of("tcp://broker:1883"));
    NodeSettings tuned =
        NodeSettings.from(
            UrjaConfig.defaults()
                .with("mqtt.adopt", "false")
                .with("mqtt.heartbeat", "PT2S")
                .with("mqtt.adopt.after", "PT10S"),
            Optional.of("tcp://broker:1883"));

    var on = byDefault.ingest().mqtt().orElseThrow().adoption();
    assertThat(on.enabled()).isTrue();
    assertThat(on.heartbeat()).isEqualTo(Duration.ofSeconds(5));
    assertThat(on.adoptAfter()).isEqualTo(Duration.ofSeconds(15));
    var off = tuned.ingest().mqtt().orElseThrow().adoption();
    assertThat(off.enabled()).isFalse();
    assertThat(off.heartbeat()).isEqualTo(Duration.ofSeconds(2));
    assertThat(off.adoptAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThatThrownBy(
            () ->
                NodeSettings.from(
                    UrjaConfig.defaults().with("mqtt.adopt.after", "PT6S"),
                    Optional.of("tcp://broker:1883")))
        .hasMessageContaining("mqtt.adopt.after");
  }

  @Test
  void withoutABrokerNothingSpeaksMqttAndNotifyMqttOffKeepsOnlyTheConsumerChannel() {
    NodeSettings none = NodeSettings.from(UrjaConfig.defaults(), Optional.empty());
    NodeSettings quiet =
        NodeSettings.from(
            UrjaConfig.defaults().with("notify.mqtt", "false"), Optional.of("tcp://broker:1883"));

    assertThat(none.ingest().mqtt()).isEmpty();
    assertThat(none.prepaid().notifyOverMqtt()).isEmpty();
    assertThat(none.commands().relayOverMqtt()).isEmpty();
    assertThat(quiet.prepaid().notifyOverMqtt()).isEmpty();
    assertThat(quiet.ingest().mqtt()).isPresent();
  }

  @Test
  void selfServiceMessagesGoOnTheMqttChannelWhereTheLedgersMessagesDo() {
    NodeSettings withBroker =
        NodeSettings.from(UrjaConfig.defaults(), Optional.of("tcp://broker:1883"));
    NodeSettings quiet =
        NodeSettings.from(
            UrjaConfig.defaults().with("notify.mqtt", "false"), Optional.of("tcp://broker:1883"));

    assertThat(withBroker.prepaid().notifyOverMqtt()).isPresent();
    assertThat(withBroker.web().selfcare().channels()).containsExactly("log", "mqtt");
    assertThat(quiet.web().selfcare().channels()).containsExactly("log");
  }

  @Test
  void consumerMessagesAreQueuedForTheWebhookOnlyWhenOneIsConfigured() {
    NodeSettings plain = NodeSettings.from(UrjaConfig.defaults(), Optional.empty());
    NodeSettings hooked =
        NodeSettings.from(
            UrjaConfig.defaults()
                .with("notify.webhook.url", "https://sms.example/in")
                .with("notify.webhook.secret", "s3cret"),
            Optional.empty());

    assertThat(plain.web().selfcare().channels()).containsExactly("log");
    assertThat(plain.prepaid().engine().webhook()).isEmpty();
    assertThat(hooked.web().selfcare().channels()).containsExactly("log", "webhook");
    assertThat(hooked.prepaid().engine().webhook().orElseThrow().secret()).isEqualTo("s3cret");
  }

  @Test
  void oneZoneReachesEveryWingThatKeepsCivilTime() {
    NodeSettings s =
        NodeSettings.from(
            UrjaConfig.defaults().with("utility.zone", "Asia/Kathmandu"), Optional.empty());

    ZoneId kathmandu = ZoneId.of("Asia/Kathmandu");
    assertThat(s.prepaid().engine().zone()).isEqualTo(kathmandu);
    assertThat(s.commands().reads().zone()).isEqualTo(kathmandu);
    assertThat(s.web().api().zone()).isEqualTo(kathmandu);
    assertThat(s.web().selfcare().zone()).isEqualTo(kathmandu);
  }

  @Test
  void aNodeIdIsMadeUpOnlyWhenNoneIsConfigured() {
    NodeSettings named =
        NodeSettings.from(UrjaConfig.defaults().with("node.id", "hes-a"), Optional.empty());
    NodeSettings first = NodeSettings.from(UrjaConfig.defaults(), Optional.empty());
    NodeSettings second = NodeSettings.from(UrjaConfig.defaults(), Optional.empty());

    assertThat(named.ingest().nodeId()).isEqualTo("hes-a");
    assertThat(first.ingest().nodeId()).isNotEqualTo(second.ingest().nodeId());
  }

  @Test
  void aValueThatCannotWorkStopsTheNodeBeforeAnythingStartsAndNamesTheSetting() {
    assertThatThrownBy(
            () ->
                NodeSettings.from(
                    UrjaConfig.defaults().with("utility.zone", "Mars/Olympus_Mons"),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("utility.zone");
    assertThatThrownBy(
            () ->
                NodeSettings.from(
                    UrjaConfig.defaults().with("store.unknown.meters", "maybe"), Optional.empty()))
        .hasMessageContaining("store.unknown.meters")
        .hasMessageContaining("QUARANTINE");
    assertThatThrownBy(
            () ->
                NodeSettings.from(
                    UrjaConfig.defaults().with("prepaid.charging.lanes", "0"), Optional.empty()))
        .hasMessageContaining("prepaid.charging.lanes");
    assertThatThrownBy(
            () ->
                NodeSettings.from(
                    UrjaConfig.defaults().with("relay.backoff.max", "PT1S"), Optional.empty()))
        .hasMessageContaining("relay.backoff.max");
    assertThatThrownBy(
            () ->
                NodeSettings.from(
                    UrjaConfig.defaults().with("relay.poll.every", "PT0S"), Optional.empty()))
        .hasMessageContaining("relay.poll.every");
  }

  @Test
  void theKeysTheMergedIssuesAddedReachTheirWings() {
    NodeSettings s =
        NodeSettings.from(
            UrjaConfig.defaults()
                .with("dlms.client.system.title", "55524a00000000ff")
                .with("dlms.response.timeout", "PT7S")
                .with("storage.compress.after", "2 days")
                .with("billing.run.every", "PT1H")
                .with("documents.base.url", "https://bills.example")
                .with("documents.link.ttl", "P2D"),
            Optional.empty());

    assertThat(s.commands().clientSystemTitle())
        .containsExactly(0x55, 0x52, 0x4A, 0x00, 0x00, 0x00, 0x00, 0xFF);
    assertThat(s.commands().responseTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(s.storage().compressAfter()).isEqualTo("2 days");
    assertThat(s.prepaid().billingEvery()).isEqualTo(Duration.ofHours(1));
    assertThat(s.web().documents().baseUrl()).isEqualTo("https://bills.example");
    assertThat(s.web().documents().ttl()).isEqualTo(Duration.ofDays(2));
    assertThat(s.web().documents().key()).isEmpty();
  }

  @Test
  void aWrongSystemTitleOrBillingPeriodIsRefusedWithItsKey() {
    assertThatThrownBy(
            () ->
                NodeSettings.from(
                    UrjaConfig.defaults().with("dlms.client.system.title", "55524A"),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dlms.client.system.title");
    assertThatThrownBy(
            () ->
                NodeSettings.from(
                    UrjaConfig.defaults().with("dlms.client.system.title", "not hex at all!"),
                    Optional.empty()))
        .hasMessageContaining("dlms.client.system.title");
    assertThatThrownBy(
            () ->
                NodeSettings.from(
                    UrjaConfig.defaults().with("billing.run.every", "PT0S"), Optional.empty()))
        .hasMessageContaining("billing.run.every");
    assertThatThrownBy(
            () ->
                NodeSettings.from(
                    UrjaConfig.defaults().with("documents.link.ttl", "PT0S"), Optional.empty()))
        .hasMessageContaining("documents.link.ttl");
  }

  @Test
  void settingsThatMeantSomethingBeforeStillDo() {
    NodeSettings s =
        NodeSettings.from(
            UrjaConfig.defaults()
                .with("reads.dial.io.threads", "0")
                .with("reads.every", "PT0S")
                .with("meter.models.cache.ttl", "PT0S"),
            Optional.empty());

    assertThat(s.commands().reads().dialIoThreads()).isZero();
    assertThat(s.commands().reads().every()).isEqualTo(Duration.ZERO);
    assertThat(s.ingest().modelsCacheTtl()).isEqualTo(Duration.ZERO);
  }
}
