package org.urja.ingest.tcp;

import io.netty.channel.Channel;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.session.MeterSession;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.session.SessionDirectory;

/**
 * Decides whether a connection may speak for the serial it claims. A serial with no live session is
 * granted at once. When another live connection holds it, the incumbent is asked its serial (a DLMS
 * GET over its own connection, {@link MeterIdentifier}): if it answers with that serial it keeps
 * the session and the newcomer is refused, counted ({@code identity_conflict}) and closed; if it
 * does not answer within the probe timeout it is closed and the newcomer takes over. At most one
 * contest per serial per {@link IdentityRules#contestEvery()}.
 *
 * <p>Proof decides before any probe: an authenticated incumbent (its identity proven at the wire)
 * is never displaced by an unauthenticated newcomer, which is refused at once ({@code
 * authenticated_incumbent}); an authenticated newcomer takes the session over at once, as its
 * fresh, verified ciphered push shows the meter itself is on the new connection.
 *
 * <p>Across nodes: a session new on this node is granted only once the shared directory ({@link
 * SessionDirectory#claim}) gives this node the meter's row; a meter live on another node is refused
 * here ({@code held_by_other_node}). When the directory cannot be asked, the claim is granted (the
 * node's batched directory writes still never overwrite another node's live row).
 */
final class IdentityContests {
  private static final Logger log = LoggerFactory.getLogger(IdentityContests.class);
  private static final int PRUNE_ABOVE = 10_000;

  private final MeterSessions sessions;
  private final Supplier<MeterIdentifier> identifier;
  private final IdentityRules rules;
  private final IngestMetrics metrics;
  private final Clock clock;
  private final SessionDirectory directory;
  private final DirectoryClaims claims;
  // serial → System.nanoTime() of its last contest
  private final Map<String, Long> lastContest = new ConcurrentHashMap<>();

  IdentityContests(
      MeterSessions sessions,
      Supplier<MeterIdentifier> identifier,
      IdentityRules rules,
      IngestMetrics metrics,
      Clock clock) {
    this(sessions, identifier, rules, metrics, clock, null, Runnable::run);
  }

  /**
   * @param directory the nodes' shared directory, or null for a single node
   * @param blocking where the directory is asked (never an event loop)
   */
  IdentityContests(
      MeterSessions sessions,
      Supplier<MeterIdentifier> identifier,
      IdentityRules rules,
      IngestMetrics metrics,
      Clock clock,
      SessionDirectory directory,
      Executor blocking) {
    this.directory = directory;
    this.claims = directory == null ? null : new DirectoryClaims(directory, blocking);
    this.sessions = sessions;
    this.identifier = identifier;
    this.rules = rules;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Completes with true when {@code channel} holds {@code serial}'s session, false when it was
   * refused (and is being closed). Completes on whatever thread decided; callers hop to their event
   * loop.
   */
  CompletableFuture<Boolean> claim(String serial, Channel channel) {
    return claim(serial, channel, false);
  }

  /**
   * @param authenticated the claim comes with proof: an authenticated ciphered push for this serial
   */
  CompletableFuture<Boolean> claim(String serial, Channel channel, boolean authenticated) {
    MeterSessions.Claim claim = sessions.claim(serial, channel, clock.instant(), authenticated);
    if (claim.granted()) {
      return claim.opened()
          ? acrossNodes(claim.session())
          : CompletableFuture.completedFuture(true);
    }
    MeterSession incumbent = claim.incumbent();
    if (authenticated) {
      if (sessions.takeOver(serial, incumbent, channel, clock.instant(), true).isEmpty()) {
        return CompletableFuture.completedFuture(
            refuse(serial, channel, "another connection took it meanwhile", true));
      }
      metrics.connectionClosedOnError("identity_takeover");
      log.info(
          "meter {} proved itself on a new connection at {}; closed its connection at {}",
          serial,
          channel.remoteAddress(),
          incumbent.remoteAddress());
      MeterSession taken = sessions.find(serial).orElse(null);
      return taken == null ? CompletableFuture.completedFuture(true) : acrossNodes(taken);
    }
    if (incumbent.authenticated()) {
      return CompletableFuture.completedFuture(
          refuse(
              "authenticated_incumbent",
              serial,
              channel,
              "the connection holding it at "
                  + incumbent.remoteAddress()
                  + " proved it is the meter",
              false));
    }
    return contest(serial, incumbent, channel);
  }

  /** A session new on this node: granted once no other node holds the meter live. */
  private CompletableFuture<Boolean> acrossNodes(MeterSession s) {
    if (directory == null) {
      return CompletableFuture.completedFuture(true);
    }
    return claims
        .claim(s)
        .thenApply(
            mine -> {
              if (mine) {
                return true;
              }
              sessions.closed(s.serial(), s.channel());
              return refuse(
                  "held_by_other_node",
                  s.serial(),
                  s.channel(),
                  "another node holds a live session of this meter",
                  false);
            });
  }

  private CompletableFuture<Boolean> contest(
      String serial, MeterSession incumbent, Channel newcomer) {
    long now = System.nanoTime();
    long periodNanos = rules.contestEvery().toNanos();
    boolean[] mayContest = new boolean[1];
    lastContest.compute(
        serial,
        (k, last) -> {
          if (last == null || now - last >= periodNanos) {
            mayContest[0] = true;
            return now;
          }
          return last;
        });
    prune(now, periodNanos);
    if (!mayContest[0]) {
      return CompletableFuture.completedFuture(
          refuse(
              serial,
              newcomer,
              "a contest for this serial was held within " + rules.contestEvery(),
              false));
    }
    return identifier
        .get()
        .identify(incumbent.channel())
        .orTimeout(rules.probeTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (answer, err) -> {
              if (err == null && serial.equals(answer)) {
                return refused(
                    serial,
                    newcomer,
                    "the connection holding it at "
                        + incumbent.remoteAddress()
                        + " answered with its serial",
                    true);
              }
              String why =
                  err != null
                      ? "did not answer (" + err.getClass().getSimpleName() + ")"
                      : "answered '" + answer + "'";
              if (sessions.takeOver(serial, incumbent, newcomer, clock.instant()).isEmpty()) {
                return refused(serial, newcomer, "another connection took it meanwhile", true);
              }
              metrics.connectionClosedOnError("identity_takeover");
              log.info(
                  "meter {}: connection at {} {}; closed it, the new connection at {} holds the session",
                  serial,
                  incumbent.remoteAddress(),
                  why,
                  newcomer.remoteAddress());
              return sessions
                  .find(serial)
                  .filter(s -> s.channel() == newcomer)
                  .map(this::acrossNodes)
                  .orElse(CompletableFuture.completedFuture(true));
            })
        .thenCompose(f -> f);
  }

  /**
   * {@code loud}: once per contest at WARN; refusals between contests are only counted (and DEBUG).
   */
  private CompletableFuture<Boolean> refused(
      String serial, Channel newcomer, String why, boolean loud) {
    return CompletableFuture.completedFuture(refuse(serial, newcomer, why, loud));
  }

  private boolean refuse(String serial, Channel newcomer, String why, boolean loud) {
    return refuse("identity_conflict", serial, newcomer, why, loud);
  }

  /**
   * @param reason the tag of {@code urja.ingest.connections.rejected}
   */
  private boolean refuse(String reason, String serial, Channel newcomer, String why, boolean loud) {
    metrics.connectionClosedOnError(reason);
    if (loud) {
      log.warn(
          "refused connection at {} claiming meter {}: {}", newcomer.remoteAddress(), serial, why);
    } else {
      log.debug(
          "refused connection at {} claiming meter {}: {}", newcomer.remoteAddress(), serial, why);
    }
    newcomer.close();
    return false;
  }

  // Past the period an entry says nothing; keep the map from growing with an impostor's serial
  // list.
  private void prune(long now, long periodNanos) {
    if (lastContest.size() > PRUNE_ABOVE) {
      lastContest.values().removeIf(t -> now - t >= periodNanos);
    }
  }
}
