package org.urja.ledger.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.urja.ledger.support.LedgerFixture;

class SecretSealTest {
  private static final byte[] KEY = new byte[32];
  private final SecretSeal seal = new SecretSeal(KEY);

  @Test
  void aSealedSecretOpensOnlyWithTheSameKeyForTheSameMessage() {
    String sealed = seal.seal("482913", "otp:17");
    assertThat(sealed).doesNotContain("482913");
    assertThat(seal.open(sealed, "otp:17")).isEqualTo("482913");
    assertThatThrownBy(() -> seal.open(sealed, "otp:18"))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] other = new byte[32];
    other[0] = 1;
    assertThatThrownBy(() -> new SecretSeal(other).open(sealed, "otp:17"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sealingTheSameSecretTwiceGivesDifferentText() {
    assertThat(seal.seal("482913", "otp:17")).isNotEqualTo(seal.seal("482913", "otp:17"));
  }

  @Test
  void aConfiguredKeyMustBe32BytesOfBase64() {
    assertThatThrownBy(() -> SecretSeal.ofBase64("not-a-key")).hasMessageContaining("32 bytes");
    assertThat(
            SecretSeal.ofBase64(Base64.getEncoder().encodeToString(KEY))
                .open(seal.seal("1", "k"), "k"))
        .isEqualTo("1");
  }

  @Test
  void everyNodeOfOneDatabaseGetsTheSameGeneratedKey() {
    LedgerFixture ledger = new LedgerFixture();
    SecretSeal first = SecretSeal.forDatabase(ledger.tx);
    SecretSeal second = SecretSeal.forDatabase(ledger.tx);
    assertThat(second.open(first.seal("482913", "otp:1"), "otp:1")).isEqualTo("482913");
  }

  @Test
  void theChannelGetsTheMessageWithTheSecretInPlaceOfThePlaceholder() {
    OutboxMessage stored =
        new OutboxMessage(
            1,
            "A-1",
            "U",
            "otp",
            "en",
            "webhook",
            "+91",
            "code ******",
            "{\"text\":\"code ******\"}",
            1,
            Instant.EPOCH);
    OutboxMessage sent = SecretSeal.reveal(stored, "482913");
    assertThat(sent.body()).isEqualTo("code 482913");
    assertThat(sent.payloadJson()).isEqualTo("{\"text\":\"code 482913\"}");
  }
}
