package org.urja.ingest.tcp;

import io.netty.channel.Channel;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.session.MeterSession;
import org.urja.ingest.session.MeterSessions;

/**
 * Decides whether a connection may speak for the serial it claims. A serial with no live session
 * is granted at once. When another live connection holds it, the incumbent is asked its serial (a
 * DLMS GET over its own connection, {@link MeterIdentifier}): if it answers with that serial it keeps
 * the session and the newcomer is refused, counted ({@code identity_conflict}) and closed; if it does
 * not answer within the probe timeout it is closed and the newcomer takes over. At most one contest
 * per serial per {@link IdentityRules#contestEvery()}.
 *
 * <p>Seam for authentication (HLS, the real-meters issue): an authenticated incumbent should be
 * refused to any unauthenticated newcomer without a probe, and an authenticated newcomer should win
 * over an unauthenticated incumbent; both belong in {@link #contest}, before the probe.
 */
final class IdentityContests {
  private static final Logger log = LoggerFactory.getLogger(IdentityContests.class);
  private static final int PRUNE_ABOVE = 10_000;

  private final MeterSessions sessions;
  private final Supplier<MeterIdentifier> identifier;
  private final IdentityRules rules;
  private final IngestMetrics metrics;
  private final Clock clock;
  // serial → System.nanoTime() of its last contest
  private final Map<String, Long> lastContest = new ConcurrentHashMap<>();

  IdentityContests(MeterSessions sessions, Supplier<MeterIdentifier> identifier, IdentityRules rules,
      IngestMetrics metrics, Clock clock) {
    this.sessions = sessions;
    this.identifier = identifier;
    this.rules = rules;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Completes with true when {@code channel} holds {@code serial}'s session, false when it was
   * refused (and is being closed). Completes on whatever thread decided; callers hop to their
   * event loop.
   */
  CompletableFuture<Boolean> claim(String serial, Channel channel) {
    MeterSessions.Claim claim = sessions.claim(serial, channel, clock.instant());
    if (claim.granted()) {
      return CompletableFuture.completedFuture(true);
    }
    return contest(serial, claim.incumbent(), channel);
  }

  private CompletableFuture<Boolean> contest(String serial, MeterSession incumbent, Channel newcomer) {
    long now = System.nanoTime();
    long periodNanos = rules.contestEvery().toNanos();
    boolean[] mayContest = new boolean[1];
    lastContest.compute(serial, (k, last) -> {
      if (last == null || now - last >= periodNanos) {
        mayContest[0] = true;
        return now;
      }
      return last;
    });
    prune(now, periodNanos);
    if (!mayContest[0]) {
      return CompletableFuture.completedFuture(refuse(serial, newcomer, "a contest for this serial was held within "
          + rules.contestEvery(), false));
    }
    return identifier.get().identify(incumbent.channel())
        .orTimeout(rules.probeTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((answer, err) -> {
          if (err == null && serial.equals(answer)) {
            return refuse(serial, newcomer, "the connection holding it at " + incumbent.remoteAddress()
                + " answered with its serial", true);
          }
          String why = err != null ? "did not answer (" + err.getClass().getSimpleName() + ")" : "answered '" + answer + "'";
          if (sessions.takeOver(serial, incumbent, newcomer, clock.instant()).isEmpty()) {
            return refuse(serial, newcomer, "another connection took it meanwhile", true);
          }
          metrics.connectionClosedOnError("identity_takeover");
          log.info("meter {}: connection at {} {}; closed it, the new connection at {} holds the session",
              serial, incumbent.remoteAddress(), why, newcomer.remoteAddress());
          return true;
        });
  }

  /** {@code loud}: once per contest at WARN; refusals between contests are only counted (and DEBUG). */
  private boolean refuse(String serial, Channel newcomer, String why, boolean loud) {
    metrics.connectionClosedOnError("identity_conflict");
    if (loud) {
      log.warn("refused connection at {} claiming meter {}: {}", newcomer.remoteAddress(), serial, why);
    } else {
      log.debug("refused connection at {} claiming meter {}: {}", newcomer.remoteAddress(), serial, why);
    }
    newcomer.close();
    return false;
  }

  // Past the period an entry says nothing; keep the map from growing with an impostor's serial list.
  private void prune(long now, long periodNanos) {
    if (lastContest.size() > PRUNE_ABOVE) {
      lastContest.values().removeIf(t -> now - t >= periodNanos);
    }
  }
}
