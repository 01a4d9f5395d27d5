package org.urja.ingest.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.identity.MeterSerials;
import org.urja.ingest.layout.LayoutLearner;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.push.ClaimedSerial;
import org.urja.ingest.push.DecodedPush;
import org.urja.ingest.push.MeterModelResolver;
import org.urja.ingest.push.PushDecodeException;
import org.urja.ingest.push.PushDecoder;
import org.urja.ingest.push.PushRefusedException;
import org.urja.ingest.push.PushSecurity;
import org.urja.ingest.push.UnidentifiedPushException;
import org.urja.ingest.reading.ReadingSink;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.session.MeterSightings;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.wrapper.WrapperFrame;

/**
 * The last handler of a meter connection: turns pushed DataNotifications into readings, identifies
 * the meter on its first push, and keeps bad input to the one connection that sent it. One instance
 * per connection; the serial lives in the channel. It runs on the connection's push thread, not its
 * event loop ({@link PushThreads}), and comes back to that thread ({@code ctx.executor()}) from
 * whatever it waits for.
 *
 * <p>A connection's identity is established once ({@link PushAdmission}), by its first push with a
 * valid serial: a serial held by another live connection is contested ({@link IdentityContests}),
 * and the connection's pushes wait, in order, until it is granted (stored) or refused (dropped, the
 * connection closed). A later push for another serial is rejected ({@code serial_changed}).
 *
 * <p>Ciphered pushes arrive here opened ({@link CipheredPushOpener}): the serial their keys prove
 * must be the one the push claims and the connection's identity ({@code serial_mismatch}), and
 * their claim to the session is authenticated. A plain push from a meter that must cipher is
 * refused ({@code plain_refused}).
 */
final class PushHandler extends SimpleChannelInboundHandler<WrapperFrame> {
  static final AttributeKey<String> SERIAL = AttributeKey.valueOf("urja.meter.serial");

  /** The serial an authenticated ciphered push on this connection proved. */
  static final AttributeKey<String> PROVEN = AttributeKey.valueOf("urja.meter.proven");

  private static final Logger log = LoggerFactory.getLogger(PushHandler.class);
  private static final String TRANSPORT = "tcp";

  private final PushDecoder decoder;
  private final MeterModelResolver models;
  private final MeterSessions sessions;
  private final MeterIdentifier identifier;
  private final IngestMetrics metrics;
  private final Clock clock;
  private final RejectionLog rejections = new RejectionLog(log, System::nanoTime);
  private final PushAdmission admission;
  private final ClaimedSerial claimedSerial;
  private final MeterQuestions questions;
  // learning: how the meter is asked about its layout, and pushes kept (bounded) until it answers
  static final int MAX_WAITING_FOR_LAYOUT = 64;
  private final LayoutLearner learner;
  private final boolean learnOnFirstContact;
  private final ArrayDeque<Waiting> waitingForLayout = new ArrayDeque<>();
  private boolean learning;
  private boolean learnedHere;

  private record Waiting(
      DataNotification push,
      byte[] apdu,
      long receivedNanos,
      Instant receivedAt,
      boolean ciphered) {}

  /**
   * @param security null: ciphered pushes are refused, plain ones are not checked
   * @param questions where questions to the meter (its serial, its layout) wait their turn
   */
  PushHandler(
      PushDecoder decoder,
      MeterModelResolver models,
      ReadingSink sink,
      MeterSessions sessions,
      MeterSightings sightings,
      MeterIdentifier identifier,
      IdentityContests contests,
      IngestMetrics metrics,
      Clock clock,
      LayoutLearner learner,
      boolean learnOnFirstContact,
      PushSecurity security,
      MeterQuestions questions) {
    this.questions = questions;
    this.admission = new PushAdmission(sessions, sightings, contests, sink, metrics, security);
    this.claimedSerial = new ClaimedSerial(decoder, models);
    this.learner = learner;
    this.learnOnFirstContact = learnOnFirstContact;
    this.identifier = identifier;
    this.decoder = decoder;
    this.models = models;
    this.sessions = sessions;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof CipheredPushOpener.Opened o) {
      metrics.frame(TRANSPORT);
      opened(ctx, o);
    } else if (msg instanceof CipheredPushOpener.Refused r) {
      metrics.frame(TRANSPORT);
      refused(ctx, r.reason(), r.message());
    } else {
      super.channelRead(ctx, msg);
    }
  }

  /**
   * A ciphered push, opened: decoded by the proven meter's model; it must claim that meter, on a
   * connection that is that meter's or nobody's yet.
   */
  private void opened(ChannelHandlerContext ctx, CipheredPushOpener.Opened o) {
    String proven = o.admitted().provenSerial().orElseThrow();
    String known = ctx.channel().attr(SERIAL).get();
    if (known != null && !known.equals(proven)) {
      refused(
          ctx,
          PushRefusedException.SERIAL_MISMATCH,
          "connection of meter "
              + known
              + " sent a push ciphered with the keys of meter "
              + proven);
      return;
    }
    ctx.channel().attr(PROVEN).set(proven);
    Instant now = clock.instant();
    Waiting w = new Waiting(o.admitted().notification(), o.apdu(), o.receivedNanos(), now, true);
    if (learning) {
      waitForLayout(ctx, w);
      return;
    }
    DecodedPush push;
    try {
      push = decoder.decode(w.push(), models.modelFor(proven), Optional.of(proven), now);
    } catch (AxdrException e) {
      reject(ctx, "axdr", e.getMessage());
      return;
    } catch (PushDecodeException e) {
      if (learner == LayoutLearner.NONE || learnedHere) {
        reject(ctx, "push_layout", e.getMessage());
      } else {
        learnThenStore(ctx, w, proven);
      }
      return;
    }
    store(ctx, push, now, o.receivedNanos(), true);
    if (known == null && learnOnFirstContact) {
      learnOnFirstContact(ctx);
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WrapperFrame frame) {
    metrics.frame(TRANSPORT);
    byte[] apdu = frame.apduUnsafe();
    if (apdu.length == 0) {
      reject(ctx, "empty", "empty APDU");
      return;
    }
    int tag = apdu[0] & 0xFF;
    if (PushSecurity.isCiphered(apdu)) {
      refused(
          ctx,
          PushRefusedException.AUTH_FAILED,
          "ciphered push, and this node opens none (no key store)");
      return;
    }
    if (tag != DataNotification.TAG) {
      reject(ctx, "unexpected_apdu", "APDU tag 0x" + Integer.toHexString(tag) + " is not a push");
      return;
    }
    long receivedNanos = System.nanoTime();
    String known = ctx.channel().attr(SERIAL).get();
    Instant now = clock.instant();
    DataNotification n;
    try {
      n = DataNotification.decode(apdu);
    } catch (AxdrException e) {
      reject(ctx, "axdr", e.getMessage());
      return;
    }
    DecodedPush push;
    try {
      if (learning) {
        // the meter is being asked about its layout: later pushes wait, in order, for the answer
        waitForLayout(ctx, new Waiting(n, apdu, receivedNanos, now, false));
        return;
      }
      push = decode(n, known, now);
    } catch (UnidentifiedPushException e) {
      identifyThenStore(ctx, apdu, receivedNanos, now);
      return;
    } catch (AxdrException e) {
      reject(ctx, "axdr", e.getMessage());
      return;
    } catch (PushDecodeException e) {
      if (learner == LayoutLearner.NONE || learnedHere) {
        reject(ctx, "push_layout", e.getMessage());
      } else {
        learnThenStore(ctx, new Waiting(n, apdu, receivedNanos, now, false), known);
      }
      return;
    }
    store(ctx, push, now, receivedNanos, false);
    if (known == null && learnOnFirstContact) {
      learnOnFirstContact(ctx);
    }
  }

  /**
   * Decodes by the connection's meter's model; a push that identifies an unknown connection's meter
   * is decoded again by that meter's own model if it is not the default.
   */
  private DecodedPush decode(DataNotification n, String known, Instant now) {
    MeterModel used = models.modelFor(known);
    DecodedPush push;
    try {
      push = decoder.decode(n, used, Optional.ofNullable(known), now);
    } catch (PushDecodeException e) {
      if (known != null || e instanceof UnidentifiedPushException) {
        throw e;
      }
      // a meter of another make: identified by its own model, if the head-end knows it, before
      // it is asked anything
      return claimedSerial.decode(n, now).orElseThrow(() -> e);
    }
    if (known == null && MeterSerials.problem(push.meterSerial()).isEmpty()) {
      MeterModel own = models.modelFor(push.meterSerial());
      if (own != used) {
        push = decoder.decode(n, own, Optional.of(push.meterSerial()), now);
      }
    }
    return push;
  }

  /**
   * A push that fits no layout of its meter's model: ask the meter who it is (if the connection
   * does not know yet) and what its layout is, then decode this push and those that arrive
   * meanwhile by what it said. Learned at most once per connection, so a meter that still does not
   * fit is rejected rather than asked forever.
   */
  private void learnThenStore(ChannelHandlerContext ctx, Waiting first, String known) {
    learning = true;
    waitingForLayout.add(first);
    Channel ch = ctx.channel();
    // the serial the meter said on the latest attempt, if it got that far: a dead letter should
    // name its meter
    AtomicReference<CompletableFuture<String>> who = new AtomicReference<>();
    CompletableFuture<String> learned =
        questions.ask(
            ch,
            true,
            () -> {
              CompletableFuture<String> said =
                  known != null
                      ? CompletableFuture.completedFuture(known)
                      : identifier.identify(ch);
              who.set(said);
              return said.thenCompose(
                  serial -> {
                    Optional<String> invalid =
                        serial == null ? Optional.of("empty serial") : MeterSerials.problem(serial);
                    if (invalid.isPresent()) {
                      throw new IllegalStateException(
                          "meter did not say a usable serial: " + invalid.get());
                    }
                    return learner
                        .learn(ch, serial, pushSetupOf(first.push()).map(Set::of).orElse(Set.of()))
                        .thenApply(v -> serial);
                  });
            });
    learned.whenComplete(
        (serial, err) ->
            ctx.executor()
                .execute(
                    () -> {
                      learning = false;
                      learnedHere = true;
                      while (!waitingForLayout.isEmpty()) {
                        Waiting w = waitingForLayout.poll();
                        if (err != null) {
                          // the serial the meter said, if it got that far: a dead letter should
                          // name its meter
                          CompletableFuture<String> asked = who.get();
                          String said =
                              asked != null && asked.isDone() && !asked.isCompletedExceptionally()
                                  ? asked.join()
                                  : known;
                          giveUp(
                              ctx,
                              w,
                              said,
                              "unlearned",
                              "push fits no layout and the meter could not be asked for its own: "
                                  + reason(err));
                          continue;
                        }
                        String s = ch.attr(SERIAL).get() == null ? serial : ch.attr(SERIAL).get();
                        try {
                          DecodedPush p =
                              decoder.decode(
                                  w.push(), models.modelFor(s), Optional.of(s), w.receivedAt());
                          store(ctx, p, w.receivedAt(), w.receivedNanos(), w.ciphered());
                        } catch (AxdrException | PushDecodeException e) {
                          giveUp(
                              ctx,
                              w,
                              s,
                              "push_layout",
                              "fits no layout even as the meter describes itself: "
                                  + e.getMessage());
                        }
                      }
                    }));
  }

  private void giveUp(
      ChannelHandlerContext ctx, Waiting w, String serialOrNull, String reason, String detail) {
    reject(ctx, reason, detail);
    learner.gaveUp(
        serialOrNull, String.valueOf(ctx.channel().remoteAddress()), reason, detail, w.apdu());
  }

  private void waitForLayout(ChannelHandlerContext ctx, Waiting w) {
    if (waitingForLayout.size() >= MAX_WAITING_FOR_LAYOUT) {
      reject(
          ctx,
          "layout_backlog",
          "meter still being asked for its layout; "
              + MAX_WAITING_FOR_LAYOUT
              + " pushes already wait");
      return;
    }
    waitingForLayout.add(w);
  }

  /**
   * A meter seen for the first time is asked about its layout once its identity is granted, in the
   * background.
   */
  private void learnOnFirstContact(ChannelHandlerContext ctx) {
    String serial = ctx.channel().attr(SERIAL).get();
    CompletableFuture<Boolean> identity = admission.identity();
    if (serial == null || identity == null || learnedHere) {
      return;
    }
    identity.thenAccept(
        granted ->
            ctx.executor()
                .execute(
                    () -> {
                      // not a meter that has hung up (its pushes still being opened): it would
                      // never answer
                      if (Boolean.TRUE.equals(granted)
                          && !learnedHere
                          && !learning
                          && ctx.channel().isActive()
                          && !(ctx.channel() instanceof io.netty.channel.socket.DuplexChannel d
                              && d.isInputShutdown())
                          && !learner.learned(serial)) {
                        learnedHere = true;
                        Channel ch = ctx.channel();
                        questions.ask(ch, false, () -> learner.learn(ch, serial, Set.of()));
                      }
                    }));
  }

  private static String reason(Throwable err) {
    Throwable t = err;
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }

  private static Optional<ObisCode> pushSetupOf(DataNotification n) {
    if (n.body() instanceof DlmsData.Composite c
        && c.size() > 0
        && c.get(0) instanceof DlmsData.Octets ln
        && ln.length() == 6) {
      return Optional.of(ObisCode.fromBytes(ln.value()));
    }
    return Optional.empty();
  }

  /**
   * The push did not name its meter: read the serial over the connection, then store the push.
   * Pushes arriving meanwhile take the same path; the association is shared per connection.
   */
  private void identifyThenStore(
      ChannelHandlerContext ctx, byte[] apdu, long receivedNanos, Instant now) {
    questions
        .ask(ctx.channel(), true, () -> identifier.identify(ctx.channel()))
        .whenComplete(
            (serial, err) ->
                ctx.executor()
                    .execute(
                        () -> {
                          if (err != null || serial == null || serial.isBlank()) {
                            reject(
                                ctx,
                                "unidentified",
                                "meter did not say its serial: "
                                    + (err == null ? "empty" : err.getMessage()));
                            return;
                          }
                          String known = ctx.channel().attr(SERIAL).get();
                          if (known == null) {
                            log.debug(
                                "meter {} identified by reading its serial on {}",
                                MeterSerials.printable(serial),
                                ctx.channel().remoteAddress());
                          }
                          DataNotification n;
                          try {
                            n = DataNotification.decode(apdu);
                          } catch (AxdrException e) {
                            reject(ctx, "axdr", e.getMessage());
                            return;
                          }
                          String s = known == null ? serial : known;
                          try {
                            store(
                                ctx,
                                decoder.decode(n, models.modelFor(s), Optional.of(s), now),
                                now,
                                receivedNanos,
                                false);
                          } catch (AxdrException | PushDecodeException e) {
                            if (learner == LayoutLearner.NONE
                                || learnedHere
                                || MeterSerials.problem(s).isPresent()) {
                              reject(ctx, "push_layout", e.getMessage());
                            } else if (learning) {
                              waitForLayout(ctx, new Waiting(n, apdu, receivedNanos, now, false));
                            } else {
                              learnThenStore(
                                  ctx, new Waiting(n, apdu, receivedNanos, now, false), s);
                            }
                          }
                        }));
  }

  /**
   * @param ciphered the push was opened and its keys proved the serial of the connection
   */
  private void store(
      ChannelHandlerContext ctx,
      DecodedPush push,
      Instant now,
      long receivedNanos,
      boolean ciphered) {
    admission.admit(
        ctx,
        push,
        now,
        receivedNanos,
        ciphered,
        new PushAdmission.Rejections() {
          @Override
          public void reject(String reason, String message) {
            PushHandler.this.reject(ctx, reason, message);
          }

          @Override
          public void refused(String reason, String message) {
            PushHandler.this.refused(ctx, reason, message);
          }
        });
  }

  /** A push refused on security grounds: counted by reason, logged like any rejected frame. */
  private void refused(ChannelHandlerContext ctx, String reason, String message) {
    metrics.pushRefused(TRANSPORT, reason);
    rejections.rejected(who(ctx), reason, message);
  }

  /** A bad APDU inside a good frame: the framing is intact, so the connection stays open. */
  private void reject(ChannelHandlerContext ctx, String reason, String message) {
    metrics.decodeError(TRANSPORT, reason);
    rejections.rejected(who(ctx), reason, message);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      log.info("meter {} silent too long, closing", who(ctx));
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    String serial = ctx.channel().attr(SERIAL).get();
    if (serial != null) {
      sessions.closed(serial, ctx.channel());
    }
    rejections.closed(who(ctx));
    super.channelInactive(ctx);
  }

  /**
   * Broken framing (wrong version, oversized length) cannot be resynchronised, so only this
   * connection is closed; the meter dials again.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof DecoderException) {
      metrics.decodeError(TRANSPORT, "framing");
      metrics.connectionClosedOnError("framing");
      log.warn("closing connection from {}: {}", who(ctx), cause.getMessage());
    } else {
      log.warn("closing connection from {} after error: {}", who(ctx), cause.toString());
    }
    ctx.close();
  }

  private static String who(ChannelHandlerContext ctx) {
    String serial = ctx.channel().attr(SERIAL).get();
    return (serial == null ? "unidentified meter" : "meter " + serial)
        + " at "
        + ctx.channel().remoteAddress();
  }
}
