package org.urja.ledger.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.urja.ledger.db.Json;

class PaymentLinkTemplateTest {

  @Test
  void placeholdersAreFilledAndEncodedSoAConsumerNumberCannotReshapeTheUrl() {
    PaymentLinkTemplate t =
        new PaymentLinkTemplate(
            "https://pay.example.com/{utility}/{consumerNumber}?amount={amountPaise}&rs={amountRupees}");
    assertThat(t.fill("WEST CO", "12/7 A&B=ओ", 25_050L))
        .isEqualTo(
            "https://pay.example.com/WEST%20CO/12%2F7%20A%26B%3D%E0%A4%93?amount=25050&rs=250.50");
    assertThat(t.fill("W", "W-1", null)).isEqualTo("https://pay.example.com/W/W-1?amount=&rs=");
  }

  @Test
  void aTemplateWithAnUnknownPlaceholderOrNoUrlIsRefusedWhenSaved() {
    assertThatThrownBy(() -> new PaymentLinkTemplate("https://pay.example.com/{acount}"))
        .hasMessageContaining("unknown placeholder {acount}");
    assertThatThrownBy(() -> new PaymentLinkTemplate("pay here"))
        .hasMessageContaining("http(s) URL");
    assertThatThrownBy(
            () -> UtilitySettings.defaults().withPaymentLinkTemplate("ftp://x/{utility}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void contactAndPaymentLinkSurviveTheSettingsJsonAndDefaultToNone() {
    UtilitySettings s =
        UtilitySettings.defaults()
            .withContact(
                new UtilityContact(
                    "1912", null, "care@west.example", "https://west.example", "10:00-17:00"))
            .withPaymentLinkTemplate("https://pay.example.com/{consumerNumber}");
    UtilitySettings back = Json.read(Json.write(s), UtilitySettings.class);
    assertThat(back).isEqualTo(s);
    assertThat(back.contact().lines(false))
        .containsExactly(
            "Helpline: 1912",
            "Email: care@west.example",
            "Website: https://west.example",
            "Office hours: 10:00-17:00");
    UtilitySettings old = Json.read("{\"graceDays\":2}", UtilitySettings.class);
    assertThat(old.contact().publishesNothing()).isTrue();
    assertThat(old.paymentLink()).isEmpty();
  }
}
