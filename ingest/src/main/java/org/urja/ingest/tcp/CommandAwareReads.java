package org.urja.ingest.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.urja.protocol.client.NettyCosemClient;
import org.urja.protocol.wrapper.WrapperFrame;

/**
 * Keeps a connection readable while the store is behind and every other connection has stopped
 * reading, in three cases:
 *
 * <ul>
 *   <li>the head-end waits for the meter's answer to its own request. Without this, a relay ACTION
 *       sent while ingest is paused waits for the store to catch up, and times out: measured with
 *       {@code bench ledger}, reconnections under full load failed their 10 s timeout and were
 *       retried;
 *   <li>the connection's meter is not identified yet. A meter that connects to a saturated node
 *       would otherwise not be read until the store catches up, which at ingest's ceiling is tens
 *       of seconds at a time: measured with {@code bench ledger --ceiling}, none of 20 new meters
 *       was identified within 90 s, so none could be charged or switched. It reads until its first
 *       push names it;
 *   <li>the meter is one to read first ({@link MeterTcpServer#readFirst}): a prepaid meter close to
 *       running out of credit, whose next readings decide a disconnection. At ingest's ceiling the
 *       store is behind for tens of seconds at a time, and such a meter was charged only when a
 *       brief catch-up happened to read it: measured with {@code bench ledger --ceiling}, 19 of 20
 *       probes were not disconnected within 2 minutes.
 * </ul>
 *
 * The pushes read meanwhile are accepted as always (submissions are never refused), so what
 * backpressure lets in beyond its bound is limited by the commands in flight, the connections not
 * yet identified and the meters read first.
 *
 * <p>Whether a request waits is the client's to say ({@link NettyCosemClient#awaitingAnswer}), not
 * guessed from the frames that arrive: the answer that ends a request may itself send the next one
 * (a queued request, the next block of a long answer, the HLS reply to the meter's challenge, all
 * sent while the answer is handled), and a ciphered push or a late answer to a request that timed
 * out may arrive while a request waits. When this handler guessed by the frame's tag, each of those
 * paused a connection with a request on the wire, and its answer waited unread for the store to
 * catch up: the relay commands and profile reads that timed out in the session-6 {@code bench
 * ledger} runs.
 *
 * <p>Sits between the wrapper codec and the association handlers, so it sees frames, not bytes. It
 * only ever pauses a connection here, never resumes one: a connection paused by its own ciphered
 * pushes ({@link CipheredPushOpener}) stays paused.
 */
final class CommandAwareReads extends ChannelDuplexHandler {
  private final BooleanSupplier serverReading;
  private final Predicate<String> readFirst;

  /**
   * @param readFirst meters read even while the store is behind ({@link MeterTcpServer#readFirst})
   */
  CommandAwareReads(BooleanSupplier serverReading, Predicate<String> readFirst) {
    this.serverReading = serverReading;
    this.readFirst = readFirst;
  }

  CommandAwareReads(BooleanSupplier serverReading) {
    this(serverReading, serial -> false);
  }

  /**
   * True for a connection that reads even while the store is behind: waiting for an answer; or,
   * unless its ciphered pushes hold it ({@link CipheredPushOpener#holdsReads}), not identified yet
   * or a meter to read first.
   */
  static boolean keepsReading(Channel ch, Predicate<String> readFirst) {
    if (NettyCosemClient.awaitingAnswer(ch)) {
      return true;
    }
    if (CipheredPushOpener.holdsReads(ch)) {
      return false;
    }
    String serial = ch.attr(PushHandler.SERIAL).get();
    return serial == null || readFirst.test(serial);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    if (msg instanceof WrapperFrame) {
      ctx.channel().config().setAutoRead(true);
    }
    super.write(ctx, msg, promise);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    super.channelRead(ctx, msg);
    pauseUnlessKeepsReading(ctx.channel());
  }

  /**
   * The push thread has just identified the connection's meter ({@link PushThreads}): a connection
   * read only because it was not identified is paused now, not after its next read.
   */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == IDENTIFIED) {
      pauseUnlessKeepsReading(ctx.channel());
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  /** Fired into the pipeline once a connection's meter is identified. */
  static final Object IDENTIFIED =
      new Object() {
        @Override
        public String toString() {
          return "meter identified";
        }
      };

  private void pauseUnlessKeepsReading(Channel ch) {
    if (!serverReading.getAsBoolean() && !keepsReading(ch, readFirst)) {
      ch.config().setAutoRead(false);
    }
  }
}
