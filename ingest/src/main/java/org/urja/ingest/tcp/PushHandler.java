package org.urja.ingest.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.push.DecodedPush;
import org.urja.ingest.push.MeterModelResolver;
import org.urja.ingest.push.PushDecodeException;
import org.urja.ingest.push.PushDecoder;
import org.urja.ingest.push.UnidentifiedPushException;
import org.urja.ingest.reading.ReadingSink;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.session.MeterSightings;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.wrapper.WrapperFrame;

/**
 * The last handler of a meter connection: turns pushed DataNotifications into readings, identifies
 * the meter on its first push, and keeps bad input to the one connection that sent it. One
 * instance per connection; the serial lives in the channel.
 */
final class PushHandler extends SimpleChannelInboundHandler<WrapperFrame> {
  static final AttributeKey<String> SERIAL = AttributeKey.valueOf("urja.meter.serial");
  private static final Logger log = LoggerFactory.getLogger(PushHandler.class);
  private static final String TRANSPORT = "tcp";

  private final PushDecoder decoder;
  private final MeterModelResolver models;
  private final ReadingSink sink;
  private final MeterSessions sessions;
  private final MeterSightings sightings;
  private final MeterIdentifier identifier;
  private final IngestMetrics metrics;
  private final Clock clock;

  PushHandler(PushDecoder decoder, MeterModelResolver models, ReadingSink sink, MeterSessions sessions,
      MeterSightings sightings, MeterIdentifier identifier, IngestMetrics metrics, Clock clock) {
    this.sightings = sightings;
    this.identifier = identifier;
    this.decoder = decoder;
    this.models = models;
    this.sink = sink;
    this.sessions = sessions;
    this.metrics = metrics;
    this.clock = clock;
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
    if (tag != DataNotification.TAG) {
      reject(ctx, "unexpected_apdu", "APDU tag 0x" + Integer.toHexString(tag) + " is not a push");
      return;
    }
    long receivedNanos = System.nanoTime();
    String known = ctx.channel().attr(SERIAL).get();
    Instant now = clock.instant();
    DecodedPush push;
    try {
      DataNotification n = DataNotification.decode(apdu);
      push = decoder.decode(n, models.modelFor(known), Optional.ofNullable(known), now);
    } catch (UnidentifiedPushException e) {
      identifyThenStore(ctx, apdu, receivedNanos, now);
      return;
    } catch (AxdrException e) {
      reject(ctx, "axdr", e.getMessage());
      return;
    } catch (PushDecodeException e) {
      reject(ctx, "push_layout", e.getMessage());
      return;
    }
    store(ctx, push, known, now, receivedNanos);
  }

  /**
   * The push did not name its meter: read the serial over the connection, then store the push.
   * Pushes arriving meanwhile take the same path; the association is shared per connection.
   */
  private void identifyThenStore(ChannelHandlerContext ctx, byte[] apdu, long receivedNanos, Instant now) {
    identifier.identify(ctx.channel()).whenComplete((serial, err) -> ctx.channel().eventLoop().execute(() -> {
      if (err != null || serial == null || serial.isBlank()) {
        reject(ctx, "unidentified", "meter did not say its serial: " + (err == null ? "empty" : err.getMessage()));
        return;
      }
      String known = ctx.channel().attr(SERIAL).get();
      if (known == null) {
        ctx.channel().attr(SERIAL).set(serial);
        log.debug("meter {} identified by reading its serial on {}", serial, ctx.channel().remoteAddress());
      }
      try {
        DataNotification n = DataNotification.decode(apdu);
        String s = known == null ? serial : known;
        store(ctx, decoder.decode(n, models.modelFor(s), Optional.of(s), now), s, now, receivedNanos);
      } catch (AxdrException | PushDecodeException e) {
        reject(ctx, "push_layout", e.getMessage());
      }
    }));
  }

  private void store(ChannelHandlerContext ctx, DecodedPush push, String known, Instant now, long receivedNanos) {
    if (known == null) {
      ctx.channel().attr(SERIAL).set(push.meterSerial());
      log.debug("meter {} identified on {}", push.meterSerial(), ctx.channel().remoteAddress());
    } else if (!known.equals(push.meterSerial())) {
      reject(ctx, "serial_changed", "connection of meter " + known + " pushed for " + push.meterSerial());
      return;
    }
    sessions.identified(push.meterSerial(), ctx.channel(), now);
    sightings.seen(push.meterSerial(), String.valueOf(ctx.channel().remoteAddress()), TRANSPORT);
    metrics.readings(TRANSPORT, push.readings().size());
    metrics.events(TRANSPORT, push.events().size());
    sink.submit(push.readings(), push.events()).whenComplete((ok, err) -> {
      if (err != null) {
        log.error("readings of meter {} could not be stored: {}", push.meterSerial(), err.toString());
      } else {
        metrics.pushCommitted(TRANSPORT, receivedNanos);
      }
    });
  }

  /** A bad APDU inside a good frame: the framing is intact, so the connection stays open. */
  private void reject(ChannelHandlerContext ctx, String reason, String message) {
    metrics.decodeError(TRANSPORT, reason);
    log.warn("rejected frame from {} ({}): {}", who(ctx), reason, message);
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
    return (serial == null ? "unidentified meter" : "meter " + serial) + " at " + ctx.channel().remoteAddress();
  }
}
