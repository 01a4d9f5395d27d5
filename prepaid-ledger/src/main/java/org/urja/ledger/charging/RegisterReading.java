package org.urja.ledger.charging;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A committed reading of the cumulative active-energy import register 1.0.1.8.0.255, in Wh (scaler
 * applied).
 */
public record RegisterReading(String meterSerial, Instant ts, BigDecimal wh) {}
