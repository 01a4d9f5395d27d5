package org.urja.simulator.fleet;

import java.util.List;
import java.util.Optional;
import org.urja.simulator.meter.SimulatedMeter;

/** A running set of simulated meters, whatever transport they use. */
public interface Fleet extends AutoCloseable {
  FleetStats stats();

  List<SimulatedMeter> meters();

  default Optional<SimulatedMeter> meter(String serial) {
    return meters().stream().filter(m -> m.serial().equals(serial)).findFirst();
  }

  /** Runs {@code task} on the thread that owns {@code meter}'s state, and waits for it. */
  <T> T onMeter(SimulatedMeter meter, java.util.concurrent.Callable<T> task) throws Exception;

  @Override
  void close();
}
