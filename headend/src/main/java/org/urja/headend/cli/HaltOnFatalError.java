package org.urja.headend.cli;

import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's last word on a thread that died of an uncaught Throwable. A {@link
 * VirtualMachineError} (out of memory, stack overflow, an internal error) leaves the JVM in a state
 * nobody can reason about, and a head-end that limps on with half its threads dead looks healthy to
 * the meters while it stores nothing: it halts at once (no shutdown hooks, which could need the
 * memory that is missing), and the service manager starts a fresh one. This is the in-process twin
 * of {@code -XX:+ExitOnOutOfMemoryError}, for launches that forgot the flag. Any other uncaught
 * Throwable is logged, never silent.
 */
final class HaltOnFatalError implements Thread.UncaughtExceptionHandler {
  static final int EXIT_CODE = 3;
  private static final Logger log = LoggerFactory.getLogger(HaltOnFatalError.class);

  private final IntConsumer halt;

  /**
   * @param halt how to stop the process ({@code Runtime.getRuntime()::halt} in production)
   */
  HaltOnFatalError(IntConsumer halt) {
    this.halt = halt;
  }

  static void install() {
    Thread.setDefaultUncaughtExceptionHandler(
        new HaltOnFatalError(code -> Runtime.getRuntime().halt(code)));
  }

  @Override
  public void uncaughtException(Thread thread, Throwable e) {
    if (e instanceof VirtualMachineError) {
      try {
        System.err.println("FATAL: " + e + " in thread " + thread.getName() + "; halting the JVM");
      } finally {
        halt.accept(EXIT_CODE);
      }
      return;
    }
    log.error("thread {} died of an uncaught exception", thread.getName(), e);
  }
}
