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
  final AtomicLong dataAccepted = new AtomicLong();
  final AtomicLong eventsAccepted = new AtomicLong();

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

  /**
   * Data pushes the head-end side accepted: over TCP, written to the socket (DLMS pushes are
   * unconfirmed, so that is all a meter ever learns); over MQTT, PUBACKed by the broker.
   */
  public long dataAccepted() {
    return dataAccepted.get();
  }

  /** Alert pushes accepted, in the same sense as {@link #dataAccepted()}. */
  public long eventsAccepted() {
    return eventsAccepted.get();
  }

  @Override
  public String toString() {
    return "connected="
        + connected()
        + " pushes="
        + pushes()
        + " events="
        + events()
        + " finished="
        + finished()
        + " accepted="
        + dataAccepted()
        + " eventsAccepted="
        + eventsAccepted();
  }
}
