package org.urja.ingest.tcp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.session.MeterSession;
import org.urja.ingest.session.SessionDirectory;

/**
 * New sessions claimed in the nodes' shared directory in batches: claims arriving while one batch
 * is written wait and go together in the next, one statement each ({@link
 * SessionDirectory#claimAll}). Measured with {@code bench ingest --storm}: claimed one statement at
 * a time on the listener's two blocking threads, identification of a feeder's meters ran at ~100 a
 * second on a loaded machine, with both threads waiting on the database.
 */
final class DirectoryClaims {
  private static final Logger log = LoggerFactory.getLogger(DirectoryClaims.class);

  /** Claims per statement: bounds the arrays sent. */
  static final int MAX_BATCH = 1_000;

  private record Claim(MeterSession session, CompletableFuture<Boolean> granted) {}

  private final SessionDirectory directory;
  private final Executor blocking;
  // guarded by this
  private final ArrayDeque<Claim> waiting = new ArrayDeque<>();
  private boolean writing;

  DirectoryClaims(SessionDirectory directory, Executor blocking) {
    this.directory = directory;
    this.blocking = blocking;
  }

  /**
   * Whether this node may hold {@code s}'s meter; true also when the directory cannot be asked (as
   * a single claim did: the meter's pushes are not refused because the directory is down).
   */
  CompletableFuture<Boolean> claim(MeterSession s) {
    CompletableFuture<Boolean> granted = new CompletableFuture<>();
    boolean start;
    synchronized (this) {
      waiting.add(new Claim(s, granted));
      start = !writing;
      writing = true;
    }
    if (start) {
      blocking.execute(this::write);
    }
    return granted;
  }

  private void write() {
    while (true) {
      List<Claim> batch = new ArrayList<>();
      synchronized (this) {
        // one claim per serial in a statement (an upsert may not touch a row twice); a second
        // claim of the same meter goes in the next batch
        Set<String> serials = new HashSet<>();
        List<Claim> later = new ArrayList<>();
        while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
          Claim c = waiting.poll();
          (serials.add(c.session().serial()) ? batch : later).add(c);
        }
        for (int i = later.size() - 1; i >= 0; i--) {
          waiting.addFirst(later.get(i));
        }
        if (batch.isEmpty()) {
          writing = false;
          return;
        }
      }
      Set<String> granted;
      try {
        granted = directory.claimAll(batch.stream().map(Claim::session).toList());
      } catch (Exception e) {
        log.warn(
            "could not ask the session directory about {} meter(s) (granted on this node): {}",
            batch.size(),
            e.toString());
        batch.forEach(c -> c.granted().complete(true));
        continue;
      }
      batch.forEach(c -> c.granted().complete(granted.contains(c.session().serial())));
    }
  }
}
