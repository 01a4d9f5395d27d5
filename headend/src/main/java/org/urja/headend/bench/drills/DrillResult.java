package org.urja.headend.bench.drills;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one drill found. Readings are compared per transport: over TCP, the pushes the meters wrote
 * to their sockets (DLMS pushes are unconfirmed: that is all a meter learns) times the readings a
 * push carries; over MQTT, the messages the broker PUBACKed.
 *
 * @param tcpReadingsExpected readings in TCP pushes the fleet wrote successfully
 * @param tcpReadingsStored readings of the TCP meters in the database, by (meter, obis, ts)
 * @param mqttAcked data messages PUBACKed to the gateways
 * @param mqttStored data messages of the MQTT meters in the database, by (meter, ts)
 * @param ledger the ledger invariant, when the drill has prepaid accounts
 * @param payments acknowledged payments, when the drill posts any
 * @param recoverySeconds fault end to ingest back at 90 % of the offered rate
 * @param energy energy intervals captured by the TCP meters against stored, when the drill's meters
 *     keep a block load the head-end can back-fill from (then a TCP push lost in flight is a loss
 *     only if its interval is not back)
 */
public record DrillResult(
    String scenario,
    String fault,
    long tcpReadingsExpected,
    long tcpReadingsStored,
    long mqttAcked,
    long mqttStored,
    int readingsPerPush,
    Optional<Census.Ledger> ledger,
    Optional<Census.Payments> payments,
    OptionalDouble recoverySeconds,
    Optional<Intervals> energy,
    String notes) {

  /**
   * The TCP meters' energy intervals, by (meter, ts).
   *
   * @param captured intervals the meters captured (each is also in a push)
   * @param stored intervals with the active energy register stored
   * @param backfilled stored intervals whose push never arrived: read back from the block load
   * @param backfilledCharged charge idempotency keys of back-filled intervals (0: their energy was
   *     charged once, in the next push's delta)
   */
  public record Intervals(long captured, long stored, long backfilled, long backfilledCharged) {
    long lost() {
      return Math.max(0, captured - stored);
    }
  }

  long readingsExpected() {
    return tcpReadingsExpected + mqttAcked * readingsPerPush;
  }

  long readingsStored() {
    return tcpReadingsStored + mqttStored * readingsPerPush;
  }

  /**
   * Acknowledged readings not in the database (each transport on its own, so one cannot hide the
   * other).
   */
  long readingsMissing() {
    return Math.max(0, tcpReadingsExpected - tcpReadingsStored)
        + Math.max(0, mqttAcked - mqttStored) * readingsPerPush;
  }

  /**
   * TCP pushes the meters wrote whose push-only values (power, export, relay state) are gone: no
   * meter keeps them, so no read can bring them back.
   */
  long tcpPushesUnrecoverable() {
    return energy.map(e -> Math.max(0, e.captured() - (e.stored() - e.backfilled()))).orElse(0L);
  }

  /**
   * Nothing acknowledged was lost and the ledger holds. Where the meters keep a block load, a TCP
   * loss is an energy interval not stored (after back-fill); the instantaneous values of a push
   * lost in flight are reported, not counted as loss, as no protocol can recover them.
   */
  boolean passed() {
    long tcpLost =
        energy
            .map(e -> e.lost() + e.backfilledCharged())
            .orElse(Math.max(0, tcpReadingsExpected - tcpReadingsStored));
    return tcpLost == 0
        && Math.max(0, mqttAcked - mqttStored) == 0
        && ledger.map(Census.Ledger::holds).orElse(true)
        && payments.map(p -> p.journalledOnce() == p.acknowledged()).orElse(true);
  }
}
