package org.urja.simulator.fleet;

import java.util.ArrayList;
import java.util.List;
import org.urja.protocol.model.MeterModel;
import org.urja.simulator.meter.SimClock;
import org.urja.simulator.meter.SimulatedMeter;

/** Builds a fleet's meters deterministically from its configuration. */
public final class MeterFactory {
  private MeterFactory() {}

  /** Two days of 15-minute block load rows. */
  public static final int PROFILE_ROWS = 192;

  public static List<SimulatedMeter> build(FleetConfig cfg, MeterModel model) {
    SimClock clock = new SimClock(cfg.start(), cfg.capturePeriod(), cfg.realPeriod());
    List<SimulatedMeter> meters = new ArrayList<>(cfg.meters());
    for (int i = 0; i < cfg.meters(); i++) {
      long seed = cfg.seed() * 1_000_003L + cfg.firstIndex() + i;
      meters.add(
          new SimulatedMeter(cfg.serial(i), model, clock, seed, cfg.controlMode(), PROFILE_ROWS));
    }
    return meters;
  }
}
