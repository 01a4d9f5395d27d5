package org.urja.headend.reads;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether scheduled reads (rounds and back-fills) may start now: not while the store is behind.
 * Then ingest has stopped reading the meters' connections, and a read keeps its connection reading
 * while it waits for answers, so scheduled reads would add the very load the store cannot take, and
 * their answers wait behind the pushes read with them. At ingest's ceiling in {@code bench ledger}
 * a daily-read round of the whole fleet kept the store behind for minutes: its reads timed out, and
 * prepaid meters went uncharged and undisconnected. Reads an operator asks for, and relay commands,
 * do not wait. A wait is counted ({@code urja.reads.deferred}) and logged once per spell.
 */
final class StoreGate {
  private static final Logger log = LoggerFactory.getLogger(StoreGate.class);

  private final BooleanSupplier storeKeepsUp;
  private final Counter deferred;
  private final AtomicBoolean waiting = new AtomicBoolean();

  StoreGate(BooleanSupplier storeKeepsUp, MeterRegistry registry) {
    this.storeKeepsUp = storeKeepsUp;
    this.deferred =
        Counter.builder("urja.reads.deferred")
            .description("scheduled read rounds and back-fills put off while the store is behind")
            .register(registry);
  }

  /** True when a scheduled round or back-fill may start now. */
  boolean open() {
    if (storeKeepsUp.getAsBoolean()) {
      if (waiting.compareAndSet(true, false)) {
        log.info("store caught up: scheduled reads resume");
      }
      return true;
    }
    deferred.increment();
    if (waiting.compareAndSet(false, true)) {
      log.info("store behind: scheduled reads wait until it catches up");
    }
    return false;
  }
}
