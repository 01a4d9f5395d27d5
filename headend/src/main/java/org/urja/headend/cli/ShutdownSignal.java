package org.urja.headend.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The one owner of a long-running command's stop. On SIGINT (Ctrl-C) and SIGTERM the JVM would
 * start every shutdown hook at once, and zonky's {@code EmbeddedPostgres} registers a hook of its
 * own that stops the embedded server while the head-end is still draining its queue into it. So
 * those two signals are taken over here: they only wake the command, which closes its components in
 * order (listeners, writer queue, jobs, pool, then the embedded database and broker) and returns;
 * the process then exits and the other hooks find nothing left to stop. Any other way out
 * (System.exit elsewhere, SIGHUP) still requests the stop from a shutdown hook, which waits for the
 * command to finish closing.
 */
public final class ShutdownSignal {
  private static final Logger log = LoggerFactory.getLogger(ShutdownSignal.class);
  private static final Duration HOOK_WAIT = Duration.ofSeconds(90);

  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);

  private ShutdownSignal() {}

  /** Takes over SIGINT and SIGTERM and registers the fallback hook; call once per process. */
  public static ShutdownSignal install() {
    ShutdownSignal s = new ShutdownSignal();
    for (String name : List.of("INT", "TERM")) {
      try {
        Signal.handle(new Signal(name), sig -> s.request());
      } catch (IllegalArgumentException e) {
        log.debug("signal {} cannot be handled here: {}", name, e.getMessage());
      }
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  s.request();
                  s.awaitFinished();
                },
                "urja-shutdown"));
    return s;
  }

  public void request() {
    requested.countDown();
  }

  public boolean isRequested() {
    return requested.getCount() == 0;
  }

  /** True when a stop was requested within {@code wait}. */
  public boolean awaitRequest(Duration wait) throws InterruptedException {
    return requested.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  public void awaitRequest() throws InterruptedException {
    requested.await();
  }

  /** The command closed everything it started. */
  public void finished() {
    finished.countDown();
  }

  private void awaitFinished() {
    try {
      if (!finished.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("still stopping after {}; exiting anyway", HOOK_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
