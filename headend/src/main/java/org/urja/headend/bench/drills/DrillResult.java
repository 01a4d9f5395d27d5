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
    String notes) {

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

  /** Nothing acknowledged was lost and the ledger holds. */
  boolean passed() {
    return readingsMissing() == 0
        && ledger.map(Census.Ledger::holds).orElse(true)
        && payments.map(p -> p.journalledOnce() == p.acknowledged()).orElse(true);
  }
}
