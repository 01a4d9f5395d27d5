package org.urja.ledger.billing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.urja.ledger.charging.RegisterReading;

/**
 * The stored cumulative active-energy import register (1.0.1.8.0.255, Wh) of one meter, as the
 * module that owns readings serves it: pushed values, block-load rows and billing-profile entries
 * alike (a billing profile read stores the register at local midnight of the month's start).
 */
public interface RegisterHistory {

  /** The latest reading at or before {@code at}. */
  Optional<RegisterReading> atOrBefore(String meterSerial, Instant at);

  /**
   * Readings with {@code from < ts < to}, oldest first: the intervals that time-of-day pricing
   * weighs.
   */
  List<RegisterReading> between(String meterSerial, Instant from, Instant to);
}
