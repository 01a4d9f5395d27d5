package org.urja.headend.commands;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.protocol.client.RequestAbandonedException;

/** Runs any {@link MeterCommand} on a meter, with the metrics and the log written once. */
public final class CommandRunner {
  private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);
  private final MeterConnector connector;
  private final MeterRegistry registry;

  public CommandRunner(MeterConnector connector, MeterRegistry registry) {
    this.connector = connector;
    this.registry = registry;
  }

  public <R> CompletableFuture<R> run(String serial, MeterCommand<R> command) {
    Timer.Sample sample = Timer.start(registry);
    return connector
        .connect(serial, command.purpose())
        .thenCompose(command::execute)
        .whenComplete(
            (result, err) -> {
              Throwable cause = unwrap(err);
              String outcome =
                  cause == null
                      ? "ok"
                      : cause instanceof MeterUnreachableException
                          ? "unreachable"
                          : cause instanceof RequestAbandonedException
                              ? "abandoned"
                              : cause instanceof TimeoutException
                                  ? "timeout"
                                  : CommandFailures.classify(cause).kind()
                                          == CommandFailure.Kind.PERMANENT
                                      ? "refused"
                                      : "error";
              sample.stop(
                  registry.timer("urja.commands", "command", command.name(), "outcome", outcome));
              if (cause == null) {
                log.info("{} on meter {}: {}", command.name(), serial, result);
              } else {
                log.warn(
                    "{} on meter {} failed ({}): {}",
                    command.name(),
                    serial,
                    outcome,
                    // a closed connection's exception has no message: name it rather than "null"
                    cause.getMessage() == null ? cause.toString() : cause.getMessage());
                // an abandoned request gave its connection to a command: its association is
                // that command's now, and must not be forgotten
                if (!(cause instanceof MeterUnreachableException)
                    && !(cause instanceof RequestAbandonedException)) {
                  connector.forget(serial);
                }
              }
            });
  }

  public static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
