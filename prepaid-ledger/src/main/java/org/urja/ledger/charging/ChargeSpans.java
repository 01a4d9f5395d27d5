package org.urja.ledger.charging;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.urja.ledger.account.AccountId;
import org.urja.ledger.charging.ChargeDecision.Deduction;
import org.urja.ledger.journal.EntryKind;
import org.urja.ledger.journal.JournalEntry;
import org.urja.ledger.money.Money;
import org.urja.ledger.tariff.ChargeLines;

/**
 * Journals a meter's consecutive deductions of one transaction as one entry (issue 11): one entry
 * per reading cost ~1.4 kB of WAL and a journal row with three index entries, so charging could not
 * keep pace with ingest. The money is still decided per reading by {@link ChargingRules}; an entry
 * carries the exact sum of its readings' charge lines, so a backlog charged together costs the same
 * paise as its readings charged one at a time.
 *
 * <p>A span of deductions becomes one entry while its readings are consecutive decisions of one
 * meter and account, on the same local day (so the same billing month and tariff version, and a
 * daily statement or daily spend never splits an entry), at the same time-of-day multiplier (so the
 * entry's lines keep one multiplier, as a statement shows them). A reading under review between two
 * deductions (register backwards, no tariff), a recorded-only one (postpaid, zero cost) or a
 * meter's baseline ends the span; a stale one (a repeat of a reading already charged) does not,
 * since it moves neither money nor the position. The deduction that takes the balance below zero
 * ends its span too, so the entry that crosses zero is dated by the reading that crossed it: the
 * grace period before disconnection starts when it did when every reading was its own entry.
 *
 * <p>The entry's key is {@code charge:{meter}:{time of its last reading}}. A meter's spans are
 * disjoint in time, so keys stay unique per (meter, time); the charge position moves to the last
 * reading in the same transaction, so a replay of any subset of the readings, split into batches
 * any way, finds them stale and charges nothing twice.
 */
final class ChargeSpans {

  private ChargeSpans() {}

  /**
   * The journal entries of a batch's decisions, in decision order.
   *
   * @param balanceBefore an account's balance before the batch (locked by the caller)
   */
  static List<JournalEntry> entries(
      List<ChargeDecision> decisions, ToLongFunction<AccountId> balanceBefore) {
    List<JournalEntry> out = new ArrayList<>();
    Map<AccountId, Long> balance = new HashMap<>();
    List<Deduction> span = new ArrayList<>();
    for (ChargeDecision d : decisions) {
      if (d instanceof ChargeDecision.Stale) {
        // in time order a stale reading inside a span repeats a reading just charged (a replay
        // overlapping the live feed): it moves neither money nor position, so the span goes on
        continue;
      }
      if (!(d instanceof Deduction ded)) {
        close(span, out);
        continue;
      }
      if (!span.isEmpty() && !continues(span.get(span.size() - 1), ded)) {
        close(span, out);
      }
      span.add(ded);
      long before =
          balance.computeIfAbsent(ded.account(), a -> balanceBefore.applyAsLong(a)).longValue();
      long after = Math.subtractExact(before, ded.amount().paise());
      balance.put(ded.account(), after);
      if (before >= 0 && after < 0) {
        close(span, out);
      }
    }
    close(span, out);
    return out;
  }

  private static boolean continues(Deduction last, Deduction next) {
    return last.reading().meterSerial().equals(next.reading().meterSerial())
        && last.account().equals(next.account())
        && last.day().equals(next.day())
        && last.tariff().equals(next.tariff())
        && last.lines().todMultiplier().compareTo(next.lines().todMultiplier()) == 0;
  }

  private static void close(List<Deduction> span, List<JournalEntry> out) {
    if (span.isEmpty()) {
      return;
    }
    Deduction first = span.get(0);
    Deduction last = span.get(span.size() - 1);
    BigDecimal kwh = BigDecimal.ZERO;
    long energy = 0;
    long rebate = 0;
    long fixed = 0;
    long duty = 0;
    long total = 0;
    for (Deduction d : span) {
      ChargeLines l = d.lines();
      kwh = kwh.add(l.kwh());
      energy = Math.addExact(energy, l.energyPaise());
      rebate = Math.addExact(rebate, l.rebatePaise());
      fixed = Math.addExact(fixed, l.fixedPaise());
      duty = Math.addExact(duty, l.dutyPaise());
      total = Math.addExact(total, l.totalPaise());
    }
    ChargeLines lines =
        new ChargeLines(kwh, first.lines().todMultiplier(), energy, rebate, fixed, duty, total);
    // what a statement shows: the register and time the entry charges from and to, and how many
    // readings it holds (a JSON object, as every deduction's details were)
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("tariff", first.tariff());
    details.put("lines", lines);
    details.put("fromWh", first.from().wh());
    details.put("toWh", last.reading().wh());
    details.put("fromTs", first.from().ts());
    details.put("toTs", last.reading().ts());
    details.put("readings", span.size());
    out.add(
        JournalEntry.of(
                first.account(),
                EntryKind.DEDUCTION,
                Money.ofPaise(total).negate(),
                "charge:" + last.reading().meterSerial() + ":" + last.reading().ts(),
                last.reading().ts())
            .withMeter(last.meter())
            .withDetails(details));
    span.clear();
  }
}
