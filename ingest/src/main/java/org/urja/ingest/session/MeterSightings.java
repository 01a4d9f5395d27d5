package org.urja.ingest.session;

/**
 * Told each time a meter is heard from, so its last-seen time, address and transport are kept
 * (batched by the implementation; never a database write per push).
 */
@FunctionalInterface
public interface MeterSightings {
  void seen(String serial, String remoteAddress, String transport);

  MeterSightings NONE = (s, a, t) -> {};
}
