package org.urja.headend.bench;

import java.util.List;
import org.urja.ledger.relay.CommandStatus;
import org.urja.ledger.relay.RelayCommand;

/**
 * What the probes' relay commands took beyond one attempt each, from their rows: a command the
 * dispatcher had to retry, or that never succeeded, is a relay path failure the latencies hide when
 * the retry succeeds in time. A DLMS time-out ("no response within") is counted apart: under ingest
 * load it must not happen (issue 11).
 *
 * @param commands relay commands of the probes
 * @param failedAttempts attempts that did not switch the relay (retried, or the command's last)
 * @param timedOut commands whose last error was a DLMS time-out (a retry that then succeeded keeps
 *     the error)
 */
record CommandAttempts(int commands, int failedAttempts, int timedOut) {

  static CommandAttempts of(List<RelayCommand> history) {
    int failed = 0;
    int timedOut = 0;
    for (RelayCommand c : history) {
      failed += Math.max(0, c.attempts() - successfulOrInFlight(c.status()));
      if (c.lastError() != null && c.lastError().contains("no response within")) {
        timedOut++;
      }
    }
    return new CommandAttempts(history.size(), failed, timedOut);
  }

  /**
   * Attempts of a command in this state that did not fail: its last one when it switched the relay
   * or is still waiting for the answer; none when it failed, expired or waits for another try. A
   * superseded or cancelled command's last attempt may have been under way, so it is not counted.
   */
  private static int successfulOrInFlight(CommandStatus status) {
    return switch (status) {
      case CONFIRMED, READY_FOR_RECONNECTION, SENT, SUPERSEDED, CANCELLED -> 1;
      case CREATED, FAILED, EXPIRED, NEEDS_OPERATOR -> 0;
    };
  }
}
