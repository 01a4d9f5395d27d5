package org.urja.ledger.tariff;

import java.math.BigDecimal;

/**
 * The settled lines of one charge, each already rounded to the paisa. {@code totalPaise} is what
 * the journal deducts: energy − rebate + fixed + duty.
 */
public record ChargeLines(
    BigDecimal kwh,
    BigDecimal todMultiplier,
    long energyPaise,
    long rebatePaise,
    long fixedPaise,
    long dutyPaise,
    long totalPaise) {}
