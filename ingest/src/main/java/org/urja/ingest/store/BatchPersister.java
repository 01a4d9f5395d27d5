package org.urja.ingest.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.urja.ingest.identity.MeterSerials;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;

/**
 * Writes one batch of submissions inside the caller's transaction: dedups the batch, inserts
 * readings and events skipping stored duplicates, diverts rows of unadmitted meters to quarantine
 * and readings and events the {@link ReadingChecks} refuse to {@code suspect_readings} and {@code
 * suspect_events}, and tells each submission what became of its rows. Only stored, unsuspected
 * readings and events reach the commit listeners (and so money, or a payment-mode switch); the
 * suspect rows commit in the same transaction as the good ones.
 */
final class BatchPersister {

  /** Per-submission results (same order as the batch) and the readings that are new rows. */
  /**
   * {@code insertedEvents}: per submission (same order as the batch), its events that became new
   * rows.
   */
  record Outcome(
      List<WriteResult> results,
      List<Reading> insertedReadings,
      List<List<MeterEvent>> insertedEvents,
      int quarantinedReadings,
      int quarantinedEvents) {}

  private final ReadingInserter readings;

  BatchPersister(ReadingInserter readings) {
    this.readings = readings;
  }

  /**
   * The batch's transaction rolled back, for whatever reason (a statement, an Error, the commit
   * itself): what the reading checks learnt from it must not outlive it, or a reading that was
   * never stored would make the next genuine one look like a register going backwards.
   */
  static void rolledBack(List<Submission> batch, Map<String, Long> meterIds) {
    if (!(meterIds instanceof AdmittedMeters admitted) || admitted.checks() == null) {
      return;
    }
    for (Submission s : batch) {
      for (Reading r : s.readings()) {
        Long id = meterIds.get(r.meterSerial());
        if (id != null) {
          admitted.checks().forget(id, ResolvedReading.obisText(r.obis()));
        }
      }
    }
  }

  /**
   * {@code meterIds}: serials admitted to the time-series tables (see MeterDirectory); when it is
   * the directory's {@link AdmittedMeters}, readings are checked before they are stored.
   */
  Outcome write(Connection c, List<Submission> batch, Map<String, Long> meterIds)
      throws SQLException {
    Map<ReadingKey, ResolvedReading> distinctReadings = new LinkedHashMap<>();
    Map<EventKey, MeterEvent> distinctEvents = new LinkedHashMap<>();
    List<Reading> quarantineReadings = new ArrayList<>();
    List<MeterEvent> quarantineEvents = new ArrayList<>();
    for (Submission s : batch) {
      for (Reading r : s.readings()) {
        Long id = meterIds.get(r.meterSerial());
        if (id == null) {
          if (MeterSerials.isValid(r.meterSerial())) {
            quarantineReadings.add(r);
          }
        } else {
          ResolvedReading rr = ResolvedReading.of(id, r);
          distinctReadings.putIfAbsent(rr.key(), rr);
        }
      }
      for (MeterEvent e : s.events()) {
        Long id = meterIds.get(e.meterSerial());
        if (id == null) {
          if (MeterSerials.isValid(e.meterSerial())) {
            quarantineEvents.add(e);
          }
        } else {
          distinctEvents.putIfAbsent(eventKey(id, e), e);
        }
      }
    }

    Map<ReadingKey, ReadingChecks.Suspect> suspects = Map.of();
    ReadingChecks checks = meterIds instanceof AdmittedMeters admitted ? admitted.checks() : null;
    if (checks != null && !distinctReadings.isEmpty()) {
      suspects = checks.judge(c, distinctReadings.values(), (AdmittedMeters) meterIds);
      distinctReadings.keySet().removeAll(suspects.keySet());
    }
    Map<EventKey, ReadingChecks.SuspectEvent> suspectEvents = Map.of();
    if (checks != null && !distinctEvents.isEmpty()) {
      suspectEvents = checks.judgeEvents(distinctEvents, (AdmittedMeters) meterIds);
      distinctEvents.keySet().removeAll(suspectEvents.keySet());
    }
    Set<ReadingKey> newReadings =
        distinctReadings.isEmpty()
            ? Set.of()
            : readings.insert(c, List.copyOf(distinctReadings.values()));
    SuspectReadings.keep(c, suspects.values());
    Set<EventKey> newEvents = EventInserter.insert(c, distinctEvents);
    SuspectEvents.keep(c, suspectEvents.values());
    QuarantineStore.keepReadings(c, quarantineReadings);
    QuarantineStore.keepEvents(c, quarantineEvents);

    // The first submission in the batch to carry a new key gets the credit; the rest are
    // duplicates.
    Set<ReadingKey> claimedReadings = new HashSet<>();
    Set<EventKey> claimedEvents = new HashSet<>();
    List<WriteResult> results = new ArrayList<>(batch.size());
    List<Reading> inserted = new ArrayList<>(newReadings.size());
    List<List<MeterEvent>> insertedEvents = new ArrayList<>(batch.size());
    for (Submission s : batch) {
      int rIns = 0, rDup = 0, eIns = 0, eDup = 0, quarantined = 0, suspect = 0, refused = 0;
      List<MeterEvent> itsNewEvents = new ArrayList<>();
      for (Reading r : s.readings()) {
        Long id = meterIds.get(r.meterSerial());
        if (id == null) {
          if (MeterSerials.isValid(r.meterSerial())) {
            quarantined++;
          } else {
            refused++;
          }
          continue;
        }
        ReadingKey key = ResolvedReading.of(id, r).key();
        if (suspects.containsKey(key)) {
          quarantined++;
          suspect++;
        } else if (newReadings.contains(key) && claimedReadings.add(key)) {
          rIns++;
          inserted.add(r);
        } else {
          rDup++;
        }
      }
      for (MeterEvent e : s.events()) {
        Long id = meterIds.get(e.meterSerial());
        if (id == null) {
          if (MeterSerials.isValid(e.meterSerial())) {
            quarantined++;
          } else {
            refused++;
          }
          continue;
        }
        EventKey key = eventKey(id, e);
        if (suspectEvents.containsKey(key)) {
          quarantined++;
          suspect++;
        } else if (newEvents.contains(key) && claimedEvents.add(key)) {
          eIns++;
          itsNewEvents.add(e);
        } else {
          eDup++;
        }
      }
      results.add(new WriteResult(rIns, rDup, eIns, eDup, quarantined, suspect, refused));
      insertedEvents.add(itsNewEvents);
    }
    return new Outcome(
        results, inserted, insertedEvents, quarantineReadings.size(), quarantineEvents.size());
  }

  static Set<String> serialsOf(List<Submission> batch) {
    Set<String> serials = new HashSet<>();
    for (Submission s : batch) {
      s.readings().forEach(r -> serials.add(r.meterSerial()));
      s.events().forEach(e -> serials.add(e.meterSerial()));
    }
    return serials;
  }

  private static EventKey eventKey(long meterId, MeterEvent e) {
    return new EventKey(meterId, e.code(), e.timestamp().truncatedTo(ChronoUnit.MICROS));
  }
}
