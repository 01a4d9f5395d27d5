package org.urja.headend.commands;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ledger.relay.MeterHolders;
import org.urja.ledger.relay.RelayAction;
import org.urja.ledger.relay.RelayCommand;
import org.urja.ledger.relay.RelayCommandQueue;

/**
 * Carries the ledger's relay command outbox to meters: claims due commands, runs the DLMS ACTION
 * with read-back, and records the outcome by its {@link CommandFailures class}. Transient failures
 * (unreachable meter, timeout, lost connection, temporary failure) are retried with the queue's
 * backoff — the weak point in the field is a recharge that cannot reach a meter, so a reconnect
 * keeps being retried until the meter confirms or an operator cancels it. A permanent refusal
 * (access denied, object undefined, service not granted on the association, authentication failed)
 * stops the command for an operator; anything else fails it.
 */
public final class RelayCommandDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RelayCommandDispatcher.class);

  private final RelayCommandQueue queue;
  private final RelayCommandTransport transport;
  private final Clock clock;
  private final Semaphore inFlight;
  private final MeterHolders elsewhere;

  /**
   * Outcomes are written to the database here, never on the thread that completed the command: that
   * is a Netty event loop shared by thousands of meter connections, and a slow database must not
   * stall them.
   */
  private final ExecutorService outcomes =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "urja-relay-outcomes");
            t.setDaemon(true);
            return t;
          });

  public RelayCommandDispatcher(
      RelayCommandQueue queue, RelayCommandTransport transport, Clock clock, int maxInFlight) {
    this(queue, transport, clock, maxInFlight, MeterHolders.NONE);
  }

  /**
   * @param elsewhere the meters connected to another head-end node, whose commands this node leaves
   *     to that node ({@link MeterHolders#NONE}: a single node claims everything)
   */
  public RelayCommandDispatcher(
      RelayCommandQueue queue,
      RelayCommandTransport transport,
      Clock clock,
      int maxInFlight,
      MeterHolders elsewhere) {
    this.queue = queue;
    this.transport = transport;
    this.clock = clock;
    this.inFlight = new Semaphore(maxInFlight);
    this.elsewhere = elsewhere;
  }

  /** One poll: claims as many due commands as there is room for and starts them. */
  public int poll() {
    int room = inFlight.availablePermits();
    if (room == 0) {
      return 0;
    }
    List<RelayCommand> due = queue.claimDue(room, clock.instant(), elsewhere);
    for (RelayCommand cmd : due) {
      inFlight.acquireUninterruptibly();
      dispatch(cmd);
    }
    return due.size();
  }

  private void dispatch(RelayCommand cmd) {
    RelaySwitch command =
        cmd.action() == RelayAction.DISCONNECT ? RelaySwitch.disconnect() : RelaySwitch.reconnect();
    java.util.concurrent.CompletableFuture<RelayState> sent;
    try {
      sent = transport.send(cmd.meterSerial(), command);
    } catch (Throwable t) {
      // a transport that throws instead of failing its future must not leak the in-flight permit
      sent = java.util.concurrent.CompletableFuture.failedFuture(t);
    }
    sent.whenCompleteAsync(
        (state, err) -> {
          try {
            if (err == null) {
              queue.markSent(cmd.id());
              queue.markConfirmed(cmd.id(), LedgerRelayStates.ofControlState(state.controlState()));
            } else {
              CommandFailure failure = CommandFailures.classify(err);
              switch (failure.kind()) {
                case PERMANENT -> queue.markRefused(cmd.id(), failure.reason());
                case TRANSIENT -> queue.markFailed(cmd.id(), true, failure.reason());
                case UNEXPECTED -> queue.markFailed(cmd.id(), false, failure.reason());
              }
            }
          } catch (Throwable e) {
            // the command stays claimed until its lease expires and is then retried
            log.error(
                "could not record the outcome of relay command {}: {}", cmd.id(), e.toString());
          } finally {
            inFlight.release();
          }
        },
        outcomes);
  }

  @Override
  public void close() {
    outcomes.shutdown();
  }
}
