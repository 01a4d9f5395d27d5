package org.urja.ledger.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every kind of message has a text in English and in Hindi (Devanagari), and the kinds both payment
 * modes receive say nothing that holds for one mode only.
 */
class EveryMessageKindIsWrittenTest {

  private static final Pattern DEVANAGARI = Pattern.compile("\\p{InDevanagari}");
  private static final List<String> ONE_MODE_WORDS =
      List.of("prepaid", "recharge", "balance", "bill", "प्रीपेड", "रिचार्ज", "बैलेंस", "बिल");

  @Test
  void everyKindHasAnEnglishAndAHindiText() {
    for (NotificationKind kind : NotificationKind.values()) {
      String en = MessageTemplates.render(kind, "en", Map.of());
      String hi = MessageTemplates.render(kind, "hi", Map.of());
      assertThat(en).as(kind + " in English").isNotBlank().doesNotContainPattern(DEVANAGARI);
      assertThat(hi).as(kind + " in Hindi").containsPattern(DEVANAGARI);
    }
  }

  @Test
  void aKindForBothModesNamesNoBalanceRechargeOrBill() {
    for (NotificationKind kind : NotificationKind.values()) {
      if (kind.audience() != NotificationKind.Audience.ALL) {
        continue;
      }
      for (String language : List.of("en", "hi")) {
        assertThat(MessageTemplates.render(kind, language, Map.of()).toLowerCase())
            .as(kind + " in " + language)
            .doesNotContain(ONE_MODE_WORDS);
      }
    }
  }

  @Test
  void theAudienceOfAKindDecidesWhichAccountsItReaches() {
    assertThat(NotificationKind.Audience.ALL.reaches(true)).isTrue();
    assertThat(NotificationKind.Audience.ALL.reaches(false)).isTrue();
    assertThat(NotificationKind.Audience.PREPAID.reaches(false)).isFalse();
    assertThat(NotificationKind.Audience.POSTPAID.reaches(true)).isFalse();
    assertThat(NotificationKind.prepaidOnlyDbValues())
        .contains("recharge_reversed", "disconnected")
        .doesNotContain("supply_disconnected", "complaint_resolved", "outage_opened");
  }
}
