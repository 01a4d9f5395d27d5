package org.urja.protocol.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.urja.protocol.security.AssociationSpec;
import org.urja.protocol.security.MeterSecrets;
import org.urja.protocol.security.SecuritySuite0;
import org.urja.protocol.security.SystemTitles;

/**
 * The associations a strict (IS 15959-like) meter offers: only the listed client SAPs, each with
 * its own rule, the meter's system title and secrets, the meter's own frame counter and the last
 * invocation counter it accepted from each client system title. Shared by every connection to the
 * meter (the counters must be, or a replay on a new connection would pass).
 */
public final class StrictAssociations {
  private final byte[] systemTitle;
  private final MeterSecrets secrets;
  private final Map<Integer, ClientAccess> clients;
  private final AtomicLong frameCounter;
  private final Map<String, Long> lastClientCounter = new ConcurrentHashMap<>();

  /**
   * @param firstFrameCounter the meter's first frame counter; a simulator that restarts must start
   *     above what it used before, or the head-end rightly refuses its APDUs as replays
   */
  public StrictAssociations(
      byte[] systemTitle,
      MeterSecrets secrets,
      Map<Integer, ClientAccess> clients,
      long firstFrameCounter) {
    if (systemTitle.length != SecuritySuite0.SYSTEM_TITLE_BYTES) {
      throw new IllegalArgumentException("a system title is 8 bytes");
    }
    boolean anyCiphered = clients.values().stream().anyMatch(ClientAccess::ciphered);
    if (anyCiphered
        && (secrets.encryptionKey().isEmpty() || secrets.authenticationKey().isEmpty())) {
      throw new IllegalArgumentException("a ciphered association needs the meter's EK and AK");
    }
    boolean anyLls =
        clients.values().stream()
            .anyMatch(c -> c.authentication() == AssociationSpec.Authentication.LOW);
    if (anyLls && secrets.llsPassword().isEmpty()) {
      throw new IllegalArgumentException("a low-level-security association needs a password");
    }
    this.systemTitle = systemTitle.clone();
    this.secrets = secrets;
    this.clients = Map.copyOf(clients);
    this.frameCounter = new AtomicLong(firstFrameCounter);
  }

  public byte[] systemTitle() {
    return systemTitle.clone();
  }

  MeterSecrets secrets() {
    return secrets;
  }

  ClientAccess client(int clientSap) {
    return clients.get(clientSap);
  }

  /**
   * The meter's one frame counter: its ciphered association responses and its ciphered pushes draw
   * from it alike, as a real meter's do, since the head-end checks them against one stored counter.
   */
  public long nextFrameCounter() {
    long n = frameCounter.getAndIncrement();
    if (n > 0xFFFFFFFFL) {
      throw new IllegalStateException("the meter's frame counter is exhausted: new keys are due");
    }
    return n;
  }

  /** True, and remembered, when {@code counter} is above the last one from {@code clientTitle}. */
  boolean acceptClientCounter(byte[] clientTitle, long counter) {
    boolean[] accepted = {false};
    lastClientCounter.compute(
        SystemTitles.format(clientTitle),
        (k, last) -> {
          if (last == null || counter > last) {
            accepted[0] = true;
            return counter;
          }
          return last;
        });
    return accepted[0];
  }

  long lastClientCounter(byte[] clientTitle) {
    return lastClientCounter.getOrDefault(SystemTitles.format(clientTitle), 0L);
  }
}
