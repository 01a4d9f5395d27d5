package org.urja.ledger.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A postpaid monthly bill as issued, with what is still unpaid of it now.
 *
 * @param periodStart first local day of the period
 * @param periodEnd first local day after it (the period is [start, end) in the utility's zone)
 * @param estimated an opening or closing reading lay further from its boundary than the utility's
 *     {@code staleReadingHours}: the bill says so
 * @param currentChargesPaise this period's lines (energy, time of day, fixed, duty)
 * @param latePaymentPaise surcharge on the previous bill, unpaid after its due date
 * @param arrearsPaise what the account owed when the bill was made (unpaid earlier bills)
 * @param advancePaise credit the account had when the bill was made (paid in advance, or left from
 *     prepaid)
 * @param amountDuePaise current + late + arrears − advance, never below zero
 * @param unpaidPaise what of this bill's own charges (current + late) is not yet paid, oldest bill
 *     settled first
 */
public record Bill(
    String billNo,
    String accountId,
    String utilityId,
    String utilityName,
    String consumerName,
    String language,
    String meterSerial,
    LocalDate periodStart,
    LocalDate periodEnd,
    BigDecimal openingWh,
    Instant openingAt,
    BigDecimal closingWh,
    Instant closingAt,
    boolean estimated,
    BigDecimal kwh,
    List<BillLine> lines,
    long currentChargesPaise,
    long latePaymentPaise,
    long arrearsPaise,
    long advancePaise,
    long amountDuePaise,
    String tariffCode,
    Instant issuedAt,
    LocalDate dueDate,
    long unpaidPaise) {

  public Bill {
    lines = List.copyOf(lines);
  }

  /** The charges this bill added to the account: what payments settle, oldest bill first. */
  public long chargesPaise() {
    return currentChargesPaise + latePaymentPaise;
  }

  Bill withUnpaid(long paise) {
    return new Bill(
        billNo,
        accountId,
        utilityId,
        utilityName,
        consumerName,
        language,
        meterSerial,
        periodStart,
        periodEnd,
        openingWh,
        openingAt,
        closingWh,
        closingAt,
        estimated,
        kwh,
        lines,
        currentChargesPaise,
        latePaymentPaise,
        arrearsPaise,
        advancePaise,
        amountDuePaise,
        tariffCode,
        issuedAt,
        dueDate,
        paise);
  }
}
