package org.urja.ingest.store;

/** What to do with data from a serial the meter directory does not know. */
public enum UnknownMeterPolicy {
  /** Register the meter as {@code auto_registered} and store its data (demo, pilots). */
  AUTO_REGISTER,
  /**
   * Keep its data in {@code unknown_meter_readings}/{@code unknown_meter_events} until an operator
   * registers the meter; nothing is dropped and the meter is not created.
   */
  QUARANTINE
}
