package org.urja.headend.app;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node started, stopped in reverse: each wing pushes what it starts as it starts it, so the
 * order of {@link HeadEnd#start} read backwards is the order of shutdown (listeners first, the
 * database last). A part that fails to stop is logged and the rest still stop.
 */
final class Started implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Started.class);

  private final Deque<AutoCloseable> stack = new ArrayDeque<>();

  <T extends AutoCloseable> T push(T part) {
    stack.push(part);
    return part;
  }

  @Override
  public void close() {
    while (!stack.isEmpty()) {
      AutoCloseable c = stack.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("error while stopping {}: {}", c, e.toString());
      }
    }
  }
}
