package org.urja.simulator.fleet;

import java.util.Optional;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.model.PushLayout;
import org.urja.simulator.meter.SimulatedMeter;

/**
 * When and what a meter pushes: interval k is pushed {@code k × realPeriod} after the fleet
 * started, plus a per-meter offset that spreads a fleet over the period as real meters are spread
 * by their push windows.
 */
final class PushSchedule {
  private final FleetConfig cfg;
  private final long fleetStartNanos;

  PushSchedule(FleetConfig cfg, long fleetStartNanos) {
    this.cfg = cfg;
    this.fleetStartNanos = fleetStartNanos;
  }

  long delayNanos(int meterIndex, long k) {
    long period = cfg.realPeriod().toNanos();
    long offset = Math.floorMod((meterIndex * 2_654_435_761L), Math.max(1, period / 2));
    long due = fleetStartNanos + k * period + offset;
    return Math.max(0, due - System.nanoTime());
  }

  boolean done(long k) {
    return cfg.intervals() > 0 && k > cfg.intervals();
  }

  static DataNotification instantPush(SimulatedMeter m, long invokeId) {
    PushLayout layout = m.model().pushLayout("instant").orElseThrow();
    return new DataNotification(invokeId & 0xFFFFFF, Optional.empty(), m.pushBody(layout));
  }

  static Optional<DataNotification> alertPush(SimulatedMeter m, long invokeId) {
    return m.nextEvent()
        .map(
            code -> {
              PushLayout layout = m.model().pushLayout("alert").orElseThrow();
              return new DataNotification(
                  invokeId & 0xFFFFFF, Optional.empty(), m.pushBody(layout));
            });
  }
}
