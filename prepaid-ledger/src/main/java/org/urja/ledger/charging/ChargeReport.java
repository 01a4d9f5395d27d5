package org.urja.ledger.charging;

/**
 * What one {@link ConsumptionCharger#charge} call did with its readings.
 *
 * @param charged readings that produced a deduction
 * @param stale readings at or before the meter's last charged time (duplicates, late, reordered):
 *     ignored
 * @param baselines first readings of a meter for its account: the starting point, not charged
 * @param recordedOnly readings of postpaid accounts, or of zero cost: consumption recorded, nothing
 *     deducted
 * @param anomalies readings that went to review (register backwards, no tariff in force)
 * @param unknownMeter readings of meters linked to no account at their time
 * @param deductedPaise the total deducted
 * @param entries journal entries the deductions went into: fewer than {@code charged} when a
 *     meter's backlog was charged together ({@link ChargeSpans})
 */
public record ChargeReport(
    int charged,
    int stale,
    int baselines,
    int recordedOnly,
    int anomalies,
    int unknownMeter,
    long deductedPaise,
    int entries) {

  public ChargeReport plus(ChargeReport o) {
    return new ChargeReport(
        charged + o.charged,
        stale + o.stale,
        baselines + o.baselines,
        recordedOnly + o.recordedOnly,
        anomalies + o.anomalies,
        unknownMeter + o.unknownMeter,
        deductedPaise + o.deductedPaise,
        entries + o.entries);
  }

  /** The same report, with the number of journal entries its deductions went into. */
  public ChargeReport withEntries(int n) {
    return new ChargeReport(
        charged, stale, baselines, recordedOnly, anomalies, unknownMeter, deductedPaise, n);
  }

  public static ChargeReport empty() {
    return new ChargeReport(0, 0, 0, 0, 0, 0, 0, 0);
  }
}
