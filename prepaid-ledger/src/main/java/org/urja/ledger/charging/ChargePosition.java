package org.urja.ledger.charging;

import java.math.BigDecimal;
import java.time.Instant;
import org.urja.ledger.account.AccountId;

/** The last register value charged (or recorded) for a meter, and for which account. */
public record ChargePosition(AccountId account, BigDecimal wh, Instant ts) {}
