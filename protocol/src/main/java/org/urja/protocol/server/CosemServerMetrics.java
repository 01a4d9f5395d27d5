package org.urja.protocol.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters shared by every connection of one server (or one simulated fleet), so an operator sees
 * how many associations were refused and how much garbage arrived. LongAdder because every event
 * loop writes and a metrics scraper reads.
 */
public final class CosemServerMetrics {
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder requests = new LongAdder();

  public long associationsAccepted() {
    return accepted.sum();
  }

  public long associationsRejected() {
    return rejected.sum();
  }

  /** APDUs that were not valid xDLMS/ACSE, and frames that were not IEC 62056-47 at all. */
  public long malformedApdus() {
    return malformed.sum();
  }

  /** GET, SET and ACTION requests answered, successful or not. */
  public long requestsServed() {
    return requests.sum();
  }

  void associationAccepted() {
    accepted.increment();
  }

  void associationRejected() {
    rejected.increment();
  }

  void malformed() {
    malformed.increment();
  }

  void requestServed() {
    requests.increment();
  }
}
