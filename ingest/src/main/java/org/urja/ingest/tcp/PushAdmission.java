package org.urja.ingest.tcp;

import io.netty.channel.ChannelHandlerContext;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.identity.MeterSerials;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.push.DecodedPush;
import org.urja.ingest.push.PushRefusedException;
import org.urja.ingest.push.PushSecurity;
import org.urja.ingest.reading.ReadingSink;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.session.MeterSightings;

/**
 * The way from one connection's decoded push to the store: the serial must be valid, a ciphered
 * push must claim the meter its keys proved, a plain one must come from a meter allowed to push in
 * the clear, and the connection must hold the meter's session. The first admitted push sets the
 * connection's identity and claims the session ({@link IdentityContests}, with proof when it was
 * ciphered); pushes wait, in order, until the claim is decided. One instance per connection, used
 * on the connection's push thread only ({@link PushThreads}).
 */
final class PushAdmission {
  private static final Logger log = LoggerFactory.getLogger(PushAdmission.class);
  private static final String TRANSPORT = "tcp";

  /**
   * Where a push that is not admitted is reported (counted and logged by the connection's handler).
   */
  interface Rejections {
    /** Bad input: {@code reason} tags the decode errors. */
    void reject(String reason, String message);

    /** Refused on security grounds: {@code reason} tags the refused pushes. */
    void refused(String reason, String message);
  }

  private final MeterSessions sessions;
  private final MeterSightings sightings;
  private final IdentityContests contests;
  private final ReadingSink sink;
  private final IngestMetrics metrics;
  private final PushSecurity security;
  // the connection's claim to its serial, and pushes waiting for the claim to be decided
  private CompletableFuture<Boolean> identity;
  private final ArrayDeque<Runnable> waitingForIdentity = new ArrayDeque<>();

  /**
   * @param security null: plain pushes are not checked
   */
  PushAdmission(
      MeterSessions sessions,
      MeterSightings sightings,
      IdentityContests contests,
      ReadingSink sink,
      IngestMetrics metrics,
      PushSecurity security) {
    this.sessions = sessions;
    this.sightings = sightings;
    this.contests = contests;
    this.sink = sink;
    this.metrics = metrics;
    this.security = security;
  }

  /** The connection's claim to its serial; null before its first admitted push. */
  CompletableFuture<Boolean> identity() {
    return identity;
  }

  /**
   * @param ciphered the push was opened and its keys proved the serial of the connection
   */
  void admit(
      ChannelHandlerContext ctx,
      DecodedPush push,
      Instant now,
      long receivedNanos,
      boolean ciphered,
      Rejections rejections) {
    String serial = push.meterSerial();
    Optional<String> invalid = MeterSerials.problem(serial);
    if (invalid.isPresent()) {
      rejections.reject(
          "invalid_serial", invalid.get() + ": '" + MeterSerials.printable(serial) + "'");
      return;
    }
    String proven = ctx.channel().attr(PushHandler.PROVEN).get();
    if (ciphered && !serial.equals(proven)) {
      rejections.refused(
          PushRefusedException.SERIAL_MISMATCH,
          "push ciphered with the keys of meter "
              + proven
              + " claims meter "
              + MeterSerials.printable(serial));
      return;
    }
    if (!ciphered && !plainAllowed(serial, rejections)) {
      return;
    }
    String known = ctx.channel().attr(PushHandler.SERIAL).get();
    if (known == null) {
      ctx.channel().attr(PushHandler.SERIAL).set(serial);
      // the event loop paused nothing while the meter was unknown: it looks again now
      ctx.channel().pipeline().fireUserEventTriggered(CommandAwareReads.IDENTIFIED);
      log.debug("meter {} identified on {}", serial, ctx.channel().remoteAddress());
      identity = contests.claim(serial, ctx.channel(), ciphered);
    } else if (!known.equals(serial)) {
      rejections.reject(
          "serial_changed",
          "connection of meter " + known + " pushed for " + MeterSerials.printable(serial));
      return;
    }
    Runnable submit = () -> submit(ctx, push, now, receivedNanos, ciphered);
    if (identity.isDone() && waitingForIdentity.isEmpty()) {
      decided(submit);
      return;
    }
    waitingForIdentity.add(submit);
    if (waitingForIdentity.size() == 1) {
      identity.whenComplete(
          (granted, err) ->
              ctx.executor()
                  .execute(
                      () -> {
                        while (!waitingForIdentity.isEmpty()) {
                          decided(waitingForIdentity.poll());
                        }
                      }));
    }
  }

  private void decided(Runnable submit) {
    if (identity.getNow(false)) {
      submit.run();
    } else {
      metrics.decodeError(TRANSPORT, "identity_conflict");
    }
  }

  /**
   * A plain push is refused when its meter must cipher; a meter whose policy cannot be read now
   * too.
   */
  private boolean plainAllowed(String serial, Rejections rejections) {
    if (security == null) {
      return true;
    }
    try {
      security.checkPlain(serial);
      return true;
    } catch (PushRefusedException e) {
      rejections.refused(e.reason(), e.getMessage());
    } catch (PushSecurity.UnavailableException e) {
      rejections.refused("security_unavailable", e.getMessage());
    }
    return false;
  }

  private void submit(
      ChannelHandlerContext ctx,
      DecodedPush push,
      Instant now,
      long receivedNanos,
      boolean ciphered) {
    MeterSessions.Claim still = sessions.claim(push.meterSerial(), ctx.channel(), now, ciphered);
    if (!still.granted()) {
      // another connection took the session over after a contest: this one is being closed
      metrics.decodeError(TRANSPORT, "identity_conflict");
      return;
    }
    sightings.seen(push.meterSerial(), String.valueOf(ctx.channel().remoteAddress()), TRANSPORT);
    metrics.readings(TRANSPORT, push.readings().size());
    metrics.events(TRANSPORT, push.events().size());
    sink.submit(push.readings(), push.events())
        .whenComplete(
            (ok, err) -> {
              if (err != null) {
                log.error(
                    "readings of meter {} could not be stored: {}",
                    push.meterSerial(),
                    err.toString());
              } else {
                metrics.pushCommitted(TRANSPORT, receivedNanos);
              }
            });
  }
}
