package org.urja.ledger.relay;

import static org.urja.ledger.relay.RelayCommandStore.COLUMNS;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ledger.db.Transactions;

/**
 * The relay command outbox ({@code relay_commands}): what should be done to which meter's
 * disconnect control (class 70, OBIS 0.0.96.3.10.255), and what became of it.
 *
 * <h2>How the head-end's dispatcher uses it</h2>
 *
 * <ol>
 *   <li>Poll {@link #claimDue(int, Instant)}. It first expires stale commands, then returns due
 *       commands (status CREATED, or SENT without confirmation past {@link
 *       RelaySettings#confirmTimeout()}) locked with SKIP LOCKED, with {@code attempts} already
 *       incremented and hidden from other dispatchers for {@link RelaySettings#claimLease()}.
 *       Several nodes may poll concurrently.
 *   <li>For each command, invoke ACTION method {@link RelayAction#cosemMethod()} (1
 *       remote_disconnect, 2 remote_reconnect) on 0.0.96.3.10.255, then call {@link
 *       #markSent(long)}.
 *   <li>Read control_state (attribute 3) back and call {@link #markConfirmed(long, RelayState)}
 *       with the state it names (the head-end maps class 70's numbers to {@link RelayState}). A
 *       reconnect that leaves the relay READY_FOR_RECONNECTION (control modes 1, 3, 5, 6) ends as
 *       READY_FOR_RECONNECTION and the consumer is asked to press the button; a state that does not
 *       match the action counts as a retryable failure.
 *   <li>On a communication error call {@link #markFailed(long, boolean, String)}; retryable
 *       failures come back after an exponential backoff until the attempt limit, then a disconnect
 *       is FAILED (and the policy job waits for its expiry before deciding anew). A reconnect is
 *       retried at the longest backoff until it is confirmed or an operator cancels it; at its
 *       attempt limit one operator alert is raised. When the meter refuses for good (access denied,
 *       object undefined, service not granted) call {@link #markRefused(long, String)}: the command
 *       stops as NEEDS_OPERATOR with one operator alert, and keeps its meter's slot until an
 *       operator {@link #retry retries} or {@link #cancel cancels} it.
 * </ol>
 *
 * <p>Commands whose status is SUPERSEDED (a reconnect replaced a pending disconnect, or the
 * opposite) may still be confirmed if they were already on the wire; that records the relay state,
 * nothing else. There is never more than one pending command per meter and action (a partial unique
 * index). Confirmations of prepaid accounts queue the disconnected / reconnected / press-the-button
 * message.
 */
public final class RelayCommandQueue {
  private static final Logger log = LoggerFactory.getLogger(RelayCommandQueue.class);

  private final Transactions tx;
  private final RelayConfirmationNotices notices;
  private final RelaySettings settings;
  private final Clock clock;

  public RelayCommandQueue(
      Transactions tx, RelayConfirmationNotices notices, RelaySettings settings, Clock clock) {
    this.tx = tx;
    this.notices = notices;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Queues a command in the caller's transaction. A pending command of the same action is returned
   * instead of queuing a second; a pending command of the opposite action is superseded by the new
   * one.
   */
  public RelayCommand request(
      Connection c,
      String meterSerial,
      String accountId,
      RelayAction action,
      String reason,
      String requestedBy)
      throws SQLException {
    Instant now = clock.instant();
    List<RelayCommand> pending = RelayCommandStore.lockPending(c, meterSerial);
    for (RelayCommand p : pending) {
      if (p.action() == action) {
        return p;
      }
    }
    int maxAttempts =
        action == RelayAction.DISCONNECT
            ? settings.disconnectMaxAttempts()
            : settings.reconnectMaxAttempts();
    Instant expires =
        action == RelayAction.DISCONNECT ? now.plus(settings.disconnectExpiry()) : null;
    List<RelayCommand> inserted =
        RelayCommandStore.query(
            c,
            "insert into relay_commands (meter_serial, account_id, "
                + "action, reason, requested_by, max_attempts, next_attempt_at, expires_at, created_at, updated_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (meter_serial, action) "
                + "where status in ('created', 'sent', 'needs_operator') "
                + "do nothing returning "
                + COLUMNS,
            meterSerial,
            accountId,
            action.dbValue(),
            reason,
            requestedBy,
            maxAttempts,
            now,
            expires,
            now,
            now);
    if (inserted.isEmpty()) {
      // another transaction queued the same action for this meter a moment ago
      return RelayCommandStore.lockPending(c, meterSerial).stream()
          .filter(p -> p.action() == action)
          .findFirst()
          .orElseThrow();
    }
    RelayCommand created = inserted.get(0);
    for (RelayCommand p : pending) {
      RelayCommandStore.supersede(c, p.id(), created.id(), now);
    }
    return created;
  }

  /**
   * An operator's command for a meter, whatever the balance; {@code operator} is recorded as
   * requested_by. A command of the same action waiting for an operator is sent again instead.
   */
  public RelayCommand requestManualForMeter(
      String meterSerial, RelayAction action, String operator, String reason) {
    return tx.inTransaction(
        c -> {
          RelayCommand cmd =
              request(
                  c,
                  meterSerial,
                  accountOfMeter(c, meterSerial),
                  action,
                  reason,
                  "operator:" + operator);
          return cmd.status() == CommandStatus.NEEDS_OPERATOR
              ? rearm(c, cmd, operator, reason)
              : cmd;
        });
  }

  /** An operator's command for the meter currently serving the account. */
  public RelayCommand requestManualForAccount(
      String accountId, RelayAction action, String operator, String reason) {
    return tx.inTransaction(
        c -> {
          String meter =
              RelayTargets.liveMeter(c, accountId)
                  .orElseThrow(
                      () -> new IllegalArgumentException("account " + accountId + " has no meter"));
          return request(c, meter, accountId, action, reason, "operator:" + operator);
        });
  }

  /**
   * Expires overdue commands, fails unconfirmed ones out of attempts, and claims up to {@code
   * limit} due ones.
   */
  public List<RelayCommand> claimDue(int limit, Instant now) {
    return claimDue(limit, now, MeterHolders.NONE);
  }

  /**
   * Claims due commands for this head-end node, skipping meters whose TCP association is live on
   * another node: that node carries them. {@code holders} answers which (the head-end asks the
   * ingest's session directory); a meter held by none (behind an MQTT gateway, or offline) may be
   * claimed by any node. It is asked about the meters with a command due, a set no larger than the
   * pending commands.
   */
  public List<RelayCommand> claimDue(int limit, Instant now, MeterHolders holders) {
    List<String> due = holders == MeterHolders.NONE ? List.of() : dueMeters(now);
    Set<String> skip = due.isEmpty() ? Set.of() : holders.heldByOtherNodes(due);
    String elsewhere = skip.isEmpty() ? "" : " and not (meter_serial = any(?))";
    Object[] dueArgs =
        skip.isEmpty()
            ? new Object[] {now, limit}
            : new Object[] {now, skip.toArray(String[]::new), limit};
    return tx.inTransaction(
        c -> {
          RelayCommandStore.update(
              c,
              "update relay_commands set status = 'expired', completed_at = ?, updated_at = ? "
                  + "where status in ('created', 'sent') and expires_at <= ?",
              now,
              now,
              now);
          // a reconnect is never given up here: it stays due until confirmed or cancelled
          RelayCommandStore.update(
              c,
              "update relay_commands set status = 'failed', completed_at = ?, updated_at = ?, "
                  + "last_error = coalesce(last_error, 'no confirmation') where status = 'sent' and next_attempt_at <= ? "
                  + "and attempts >= max_attempts and action = 'disconnect'",
              now,
              now,
              now);
          Object[] args = java.util.Arrays.copyOf(dueArgs, dueArgs.length + 2);
          args[dueArgs.length] = now.plus(settings.claimLease());
          args[dueArgs.length + 1] = now;
          return RelayCommandStore.query(
              c,
              "with due as (select id from relay_commands where status in ('created', "
                  + "'sent') and next_attempt_at <= ?"
                  + elsewhere
                  + " order by next_attempt_at, id limit ? for update skip "
                  + "locked) update relay_commands r set attempts = r.attempts + 1, next_attempt_at = ?, updated_at = ? "
                  + "from due where r.id = due.id returning "
                  + prefixed(),
              args);
        });
  }

  private List<String> dueMeters(Instant now) {
    return tx.inTransaction(
        c ->
            RelayCommandStore.strings(
                c,
                "select distinct meter_serial from relay_commands "
                    + "where status in ('created', 'sent') and next_attempt_at <= ?",
                now));
  }

  /**
   * The ACTION went out; the command waits {@link RelaySettings#confirmTimeout()} for its
   * confirmation.
   */
  public RelayCommand markSent(long id) {
    Instant now = clock.instant();
    return tx.inTransaction(
        c -> {
          RelayCommand cmd = locked(c, id);
          if (cmd.status() == CommandStatus.CREATED || cmd.status() == CommandStatus.SENT) {
            RelayCommandStore.update(
                c,
                "update relay_commands set status = 'sent', sent_at = ?, next_attempt_at = ?, "
                    + "updated_at = ? where id = ?",
                now,
                now.plus(settings.confirmTimeout()),
                now,
                id);
          }
          return locked(c, id);
        });
  }

  /** The relay state read back after the ACTION (class 70 attribute 3). */
  public RelayCommand markConfirmed(long id, RelayState observed) {
    Instant now = clock.instant();
    return tx.inTransaction(
        c -> {
          RelayCommand cmd = locked(c, id);
          RelayCommandStore.recordRelayState(c, cmd.meterSerial(), observed, id, now);
          if (!cmd.status().isPending()) {
            return cmd; // superseded, expired or already settled: the state is recorded, nothing
            // else moves
          }
          CommandStatus outcome = outcome(cmd.action(), observed);
          if (outcome == null) {
            return fail(
                c,
                cmd,
                true,
                "relay is " + observed.dbValue() + " after " + cmd.action().dbValue(),
                now);
          }
          RelayCommandStore.update(
              c,
              "update relay_commands set status = ?, relay_state = ?, completed_at = ?, "
                  + "updated_at = ? where id = ?",
              outcome.dbValue(),
              observed.dbValue(),
              now,
              now,
              id);
          RelayCommand done = locked(c, id);
          notices.confirmed(c, done, now);
          return done;
        });
  }

  /**
   * The ACTION or the read-back failed; retryable (transient) failures are tried again after a
   * backoff, others (unexpected errors) fail the command.
   */
  public RelayCommand markFailed(long id, boolean retryable, String error) {
    Instant now = clock.instant();
    return tx.inTransaction(
        c -> {
          RelayCommand cmd = locked(c, id);
          return cmd.status().isPending() ? fail(c, cmd, retryable, error, now) : cmd;
        });
  }

  /**
   * The meter refused the command for good (access denied, object undefined, not supported,
   * authentication failed, service not granted on the association): retrying cannot help, so it
   * stops for an operator with one alert. A command no longer pending is left as it is.
   */
  public RelayCommand markRefused(long id, String error) {
    Instant now = clock.instant();
    return tx.inTransaction(
        c -> {
          RelayCommand cmd = locked(c, id);
          if (!cmd.status().isPending()) {
            return cmd;
          }
          RelayCommandStore.update(
              c,
              "update relay_commands set status = 'needs_operator', failure_class = 'permanent', "
                  + "last_error = ?, updated_at = ? where id = ?",
              error,
              now,
              id);
          RelayCommand stopped = locked(c, id);
          alert(
              c,
              stopped,
              cmd.action().dbValue() + " refused by meter " + cmd.meterSerial() + ": " + error,
              now);
          return stopped;
        });
  }

  /**
   * An operator stops a command that is pending or waiting for an operator. A command already on
   * the wire may still be confirmed; that records the relay state, nothing else.
   *
   * @throws IllegalStateException when the command has already ended
   */
  public RelayCommand cancel(long id, String operator, String reason) {
    Instant now = clock.instant();
    return tx.inTransaction(
        c -> {
          RelayCommand cmd = locked(c, id);
          if (!cmd.status().isOpen()) {
            throw new IllegalStateException(
                "command " + id + " is " + cmd.status().dbValue() + ", nothing to cancel");
          }
          RelayCommandStore.update(
              c,
              "update relay_commands set status = 'cancelled', operator_note = ?, "
                  + "completed_at = ?, updated_at = ? where id = ?",
              "cancelled by " + operator + ": " + reason,
              now,
              now,
              id);
          RelayCommandStore.closeAlerts(c, id, now);
          return locked(c, id);
        });
  }

  /**
   * An operator sends a stopped command (waiting for an operator, or failed) again: it starts
   * afresh — due now, attempts from zero, a disconnect with a new expiry.
   *
   * @throws IllegalStateException when the command is still pending or ended otherwise, or another
   *     command of the meter is open
   */
  public RelayCommand retry(long id, String operator, String reason) {
    return tx.inTransaction(
        c -> {
          RelayCommand cmd = locked(c, id);
          if (cmd.status() != CommandStatus.NEEDS_OPERATOR
              && cmd.status() != CommandStatus.FAILED) {
            throw new IllegalStateException(
                "command "
                    + id
                    + " is "
                    + cmd.status().dbValue()
                    + "; only a command waiting for an operator or failed can be retried");
          }
          for (RelayCommand open : RelayCommandStore.lockPending(c, cmd.meterSerial())) {
            if (open.id() != id) {
              throw new IllegalStateException(
                  "meter "
                      + cmd.meterSerial()
                      + " has command "
                      + open.id()
                      + " ("
                      + open.action().dbValue()
                      + ", "
                      + open.status().dbValue()
                      + ") open; retry or cancel that one");
            }
          }
          return rearm(c, cmd, operator, reason);
        });
  }

  private RelayCommand rearm(Connection c, RelayCommand cmd, String operator, String reason)
      throws SQLException {
    Instant now = clock.instant();
    Instant expires =
        cmd.action() == RelayAction.DISCONNECT ? now.plus(settings.disconnectExpiry()) : null;
    RelayCommandStore.update(
        c,
        "update relay_commands set status = 'created', attempts = 0, next_attempt_at = ?, "
            + "expires_at = ?, completed_at = null, failure_class = null, operator_retries = operator_retries + 1, "
            + "operator_note = ?, updated_at = ? where id = ?",
        now,
        expires,
        "retried by " + operator + ": " + reason,
        now,
        cmd.id());
    RelayCommandStore.closeAlerts(c, cmd.id(), now);
    return locked(c, cmd.id());
  }

  private static void alert(Connection c, RelayCommand cmd, String reason, Instant now)
      throws SQLException {
    if (RelayCommandStore.raiseAlert(c, cmd, reason, now)) {
      // the one log line per stop; the alert row is what the dashboard and the API list
      log.warn("relay command {} needs an operator: {}", cmd.id(), reason);
    }
  }

  public Optional<RelayCommand> find(long id) {
    return tx.inTransaction(
        c ->
            RelayCommandStore.query(
                    c, "select " + COLUMNS + " from relay_commands where id = ?", id)
                .stream()
                .findFirst());
  }

  /** All commands of a meter, oldest first: the audit trail. */
  public List<RelayCommand> history(String meterSerial) {
    return tx.inTransaction(
        c ->
            RelayCommandStore.query(
                c,
                "select "
                    + COLUMNS
                    + " from relay_commands "
                    + "where meter_serial = ? order by id",
                meterSerial));
  }

  private RelayCommand fail(
      Connection c, RelayCommand cmd, boolean retryable, String error, Instant now)
      throws SQLException {
    boolean reconnect = cmd.action() == RelayAction.RECONNECT;
    if (retryable && (reconnect || cmd.attempts() < cmd.maxAttempts())) {
      RelayCommandStore.update(
          c,
          "update relay_commands set status = 'created', last_error = ?, next_attempt_at = ?, "
              + "failure_class = 'transient', updated_at = ? where id = ?",
          error,
          now.plus(settings.backoffAfter(cmd.attempts())),
          now,
          cmd.id());
      if (reconnect && cmd.attempts() >= cmd.maxAttempts()) {
        // still retried: a recharged consumer's reconnection is never dropped, but someone should
        // look
        alert(
            c,
            cmd,
            "reconnect of meter "
                + cmd.meterSerial()
                + " unconfirmed after "
                + cmd.attempts()
                + " attempts: "
                + error,
            now);
      }
    } else {
      RelayCommandStore.update(
          c,
          "update relay_commands set status = 'failed', last_error = ?, completed_at = ?, "
              + "failure_class = ?, updated_at = ? where id = ?",
          error,
          now,
          retryable ? "transient" : "unexpected",
          now,
          cmd.id());
    }
    return locked(c, cmd.id());
  }

  private static CommandStatus outcome(RelayAction action, RelayState observed) {
    if (action == RelayAction.DISCONNECT) {
      return observed == RelayState.DISCONNECTED ? CommandStatus.CONFIRMED : null;
    }
    return switch (observed) {
      case CONNECTED -> CommandStatus.CONFIRMED;
      case READY_FOR_RECONNECTION -> CommandStatus.READY_FOR_RECONNECTION;
      case DISCONNECTED -> null;
    };
  }

  private static RelayCommand locked(Connection c, long id) throws SQLException {
    return RelayCommandStore.lock(c, id)
        .orElseThrow(() -> new IllegalArgumentException("no relay command " + id));
  }

  private static String accountOfMeter(Connection c, String meterSerial) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select account_id from ledger_account_meters where meter_serial = ? and valid_to is null")) {
      ps.setString(1, meterSerial);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static String prefixed() {
    return "r." + COLUMNS.replace(", ", ", r.");
  }
}
