package org.urja.ledger.account;

import java.math.BigDecimal;
import java.time.Instant;

/** A consumer account: the account ID printed on the bill, independent of which meter serves it. */
public record Account(
    String accountId,
    String utilityId,
    String consumerName,
    String phone,
    String language,
    PaymentMode paymentMode,
    String tariffCode,
    BigDecimal sanctionedLoadKw,
    Instant openedAt) {

  public boolean isPrepaid() {
    return paymentMode == PaymentMode.PREPAID;
  }
}
