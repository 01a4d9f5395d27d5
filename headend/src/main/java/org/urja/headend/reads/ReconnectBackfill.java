package org.urja.headend.reads;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.urja.ingest.session.MeterSession;
import org.urja.ingest.session.MeterSessions;

/**
 * Which meters connected to this node are due for a back-fill: those whose connection has been open
 * for {@code settle} (long enough to have pushed again, so the pushes lost before it are gaps
 * before its newest stored interval) and that were not checked since they connected. A restarted
 * node sees every meter connect; a meter whose connection dropped (a half-open socket the node
 * wrote to no longer) is checked after it is back. Polled rather than told: the sessions have one
 * listener, the node's session directory.
 */
final class ReconnectBackfill {
  private final MeterSessions sessions;
  private final Duration settle;

  /** Serial → when the connection checked last opened. */
  private final Map<String, Instant> checked = new HashMap<>();

  ReconnectBackfill(MeterSessions sessions, Duration settle) {
    this.sessions = sessions;
    this.settle = settle;
  }

  /** Meters due now; forgets meters no longer connected here. */
  synchronized Set<String> due(Instant now) {
    Map<String, Instant> live = new HashMap<>();
    Set<String> due = new TreeSet<>();
    Instant settled = now.minus(settle);
    for (MeterSession s : sessions.all()) {
      live.put(s.serial(), s.connectedAt());
      if (!s.connectedAt().isAfter(settled) && !s.connectedAt().equals(checked.get(s.serial()))) {
        due.add(s.serial());
      }
    }
    checked.keySet().retainAll(live.keySet());
    return due;
  }

  /** The meters were checked (a round took them); their current connections are not again. */
  synchronized void checked(Set<String> serials) {
    for (String serial : serials) {
      sessions.find(serial).ifPresent(s -> checked.put(serial, s.connectedAt()));
    }
  }
}
