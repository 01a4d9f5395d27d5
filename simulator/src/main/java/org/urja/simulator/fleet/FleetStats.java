package org.urja.simulator.fleet;

import java.util.concurrent.atomic.AtomicLong;

/** Counters a fleet keeps for the demo's summary line and for tests that wait for a run to end. */
public final class FleetStats {
  final AtomicLong connected = new AtomicLong();
  final AtomicLong pushes = new AtomicLong();
  final AtomicLong events = new AtomicLong();
  final AtomicLong finished = new AtomicLong();
  final AtomicLong connectFailures = new AtomicLong();
  final AtomicLong requestsServed = new AtomicLong();

  public long connected() {
    return connected.get();
  }

  public long pushes() {
    return pushes.get();
  }

  public long events() {
    return events.get();
  }

  /** Meters that pushed all their intervals. */
  public long finished() {
    return finished.get();
  }

  public long connectFailures() {
    return connectFailures.get();
  }

  @Override
  public String toString() {
    return "connected=" + connected() + " pushes=" + pushes() + " events=" + events() + " finished=" + finished();
  }
}
