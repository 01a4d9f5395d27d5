package org.urja.ingest.reading;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where listeners hand decoded readings and events. The future completes once they are committed
 * (an MQTT listener acknowledges then). {@link #hasCapacity()} false asks listeners to stop reading
 * from the network until the listener is told true again.
 */
public interface ReadingSink {
  CompletableFuture<?> submit(List<Reading> readings, List<MeterEvent> events);

  boolean hasCapacity();

  void addCapacityListener(Consumer<Boolean> listener);
}
