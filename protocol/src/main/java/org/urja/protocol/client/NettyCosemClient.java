package org.urja.protocol.client;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.protocol.apdu.CosemPdu;
import org.urja.protocol.apdu.GloCiphered;
import org.urja.protocol.apdu.InitiateRequest;
import org.urja.protocol.apdu.InitiateResponse;
import org.urja.protocol.apdu.InvokeIdAndPriority;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.MethodRef;
import org.urja.protocol.security.CipheringException;
import org.urja.protocol.wrapper.WrapperFrame;

/**
 * A client association over a Netty channel the head-end already has — typically the TCP connection
 * a meter opened to push — so no thread waits per meter. Requests go out one at a time in the order
 * they were made; the rest wait in a queue. Every state change runs on the channel's event loop;
 * the public methods may be called from any thread.
 *
 * <p>The channel's pipeline must hold a {@link ClientAssociationHandler} after the wrapper codec.
 * Futures complete on the channel's event loop: chain on them, never block inside their callbacks.
 */
public final class NettyCosemClient implements CosemClient {
  private static final Logger log = LoggerFactory.getLogger(NettyCosemClient.class);

  /**
   * True on a channel while a request of its client has been sent and its answer has not come (nor
   * timed out): whoever pauses the connection's reads (a listener under backpressure) must keep
   * reading it meanwhile, or the answer waits unread. Only the client knows this: the frames that
   * arrive meanwhile may be pushes, ciphered pushes or late answers to requests that timed out.
   */
  public static final AttributeKey<Boolean> AWAITING_ANSWER =
      AttributeKey.valueOf("urja.cosem.awaitingAnswer");

  /** See {@link #AWAITING_ANSWER}. */
  public static boolean awaitingAnswer(Channel channel) {
    return Boolean.TRUE.equals(channel.attr(AWAITING_ANSWER).get());
  }

  private final Channel channel;
  private final ClientSettings settings;
  private final ClientAssociationHandler handler;
  private final ArrayDeque<PendingRequest<?>> queue = new ArrayDeque<>();
  private PendingRequest<?> current;
  private ScheduledFuture<?> timer;
  private int nextInvokeId;
  private boolean closed;

  /** Set once this client is being released for a more urgent association; event loop only. */
  private RuntimeException abandoning;

  private volatile Optional<InitiateResponse> negotiated = Optional.empty();

  /** Present when the settings ask for ciphering; touched on the event loop only. */
  private final Optional<ClientCiphering> ciphering;

  /** Kept off the public API: only the pipeline handler delivers responses. */
  private final ResponseListener listener =
      new ResponseListener() {
        @Override
        public void onResponse(WrapperFrame frame) {
          handleResponse(frame);
        }

        @Override
        public void onClosed() {
          handleClosed();
        }
      };

  private NettyCosemClient(
      Channel channel, ClientSettings settings, ClientAssociationHandler handler) {
    this.channel = channel;
    this.settings = settings;
    this.handler = handler;
    this.ciphering =
        settings
            .security()
            .map(
                sec ->
                    new ClientCiphering(
                        sec, settings.password().map(p -> p.getBytes(StandardCharsets.US_ASCII))));
  }

  /**
   * A client over {@code channel}, whose pipeline has a {@link ClientAssociationHandler}; if it has
   * none, one is added at the end (fine when nothing else reads from the channel).
   */
  public static NettyCosemClient over(Channel channel, ClientSettings settings) {
    ClientAssociationHandler h = channel.pipeline().get(ClientAssociationHandler.class);
    if (h == null) {
      h = new ClientAssociationHandler();
      channel.pipeline().addLast("cosemClient", h);
    }
    NettyCosemClient client = new NettyCosemClient(channel, settings, h);
    ClientAssociationHandler bound = h;
    channel
        .eventLoop()
        .execute(
            () -> {
              bound.bind(client.listener);
              if (!channel.isActive()) {
                client.handleClosed();
              }
            });
    return client;
  }

  /**
   * Sends the AARQ of the settings; completes with the meter's InitiateResponse when accepted and,
   * for HLS-GMAC, only after the meter has answered the head-end's challenge.
   */
  public CompletableFuture<InitiateResponse> associate() {
    PendingRequest<InitiateResponse> req =
        ciphering.isPresent()
            ? new PendingRequest.SecureAssociate(
                ciphering.get(),
                InitiateRequest.of(settings.conformance(), settings.maxReceivePduSize()))
            : new PendingRequest.Associate(settings.aarq().encode());
    req.future.thenAccept(init -> negotiated = Optional.of(init));
    return submit(req);
  }

  /** What the meter agreed to, once associated. */
  public Optional<InitiateResponse> negotiated() {
    return negotiated;
  }

  /** Sends RLRQ; the channel stays open for the meter's pushes. */
  public CompletableFuture<Void> release() {
    PendingRequest.Release req = new PendingRequest.Release();
    req.future.whenComplete((v, e) -> negotiated = Optional.empty());
    return submit(req);
  }

  /**
   * Releases the association as soon as the exchange on the wire is answered, for a more urgent
   * association on the same connection: requests still queued, and any made from now on, fail with
   * {@code why} at once, and so does a GET whose answer comes in blocks, at its next block (the
   * release ends the meter's block transfer with the association). A relay command then waits for
   * one exchange, not for a whole profile read.
   */
  public CompletableFuture<Void> releaseAbandoning(RequestAbandonedException why) {
    PendingRequest.Release req = new PendingRequest.Release();
    req.future.whenComplete((v, e) -> negotiated = Optional.empty());
    channel
        .eventLoop()
        .execute(
            () -> {
              abandoning = why;
              PendingRequest<?> r;
              while ((r = queue.poll()) != null) {
                r.future.completeExceptionally(why);
              }
            });
    return submit(req);
  }

  @Override
  public CompletableFuture<DlmsData> get(AttributeRef ref) {
    return submit(new PendingRequest.Get(ref));
  }

  @Override
  public CompletableFuture<Void> set(AttributeRef ref, DlmsData value) {
    return submit(new PendingRequest.Set(ref, value));
  }

  /** {@code parameters} null, or null-data, sends no method-invocation-parameters. */
  @Override
  public CompletableFuture<Optional<DlmsData>> action(MethodRef ref, DlmsData parameters) {
    DlmsData p = parameters instanceof DlmsData.Null ? null : parameters;
    return submit(new PendingRequest.Action(ref, p));
  }

  /**
   * Releases the association if one is open, then stops taking requests. The channel is not closed:
   * it belongs to whoever accepted it, and the meter may keep pushing on it.
   */
  @Override
  public void close() {
    CompletableFuture<Void> released =
        negotiated.isPresent() ? release() : CompletableFuture.completedFuture(null);
    released.whenComplete(
        (v, e) ->
            channel
                .eventLoop()
                .execute(
                    () -> {
                      closed = true;
                      handler.unbind(listener);
                      failAll(new ClosedChannelException());
                    }));
  }

  private <T> CompletableFuture<T> submit(PendingRequest<T> req) {
    channel
        .eventLoop()
        .execute(
            () -> {
              if (closed || !channel.isActive()) {
                req.future.completeExceptionally(new ClosedChannelException());
                return;
              }
              if (abandoning != null && !(req instanceof PendingRequest.Release)) {
                req.future.completeExceptionally(abandoning);
                return;
              }
              queue.add(req);
              sendNextIfIdle();
            });
    return req.future;
  }

  private void sendNextIfIdle() {
    if (current != null || queue.isEmpty()) {
      return;
    }
    current = queue.poll();
    int required = current.requiredConformance();
    if (required != 0 && negotiated.isPresent() && !negotiated.get().conformance().has(required)) {
      // the meter said in its InitiateResponse it will refuse this; do not spend a round trip on it
      PendingRequest<?> req = current;
      finish(
          () ->
              req.future.completeExceptionally(new ServiceNotGrantedException(req.serviceName())));
      return;
    }
    current.invokeIdAndPriority = InvokeIdAndPriority.confirmed(nextInvokeId);
    nextInvokeId = (nextInvokeId + 1) & 0x0F;
    byte[] apdu;
    try {
      apdu = current.request();
    } catch (RuntimeException e) {
      // a ciphered AARQ needs an invocation counter; without one nothing may be sent
      PendingRequest<?> req = current;
      finish(() -> req.future.completeExceptionally(e));
      return;
    }
    int meterMax = negotiated.map(InitiateResponse::serverMaxReceivePduSize).orElse(0xFFFF);
    if (apdu.length > meterMax) {
      // SET and ACTION with data blocks are outside this client; say so rather than let the meter
      // drop
      // it
      PendingRequest<?> req = current;
      finish(
          () ->
              req.future.completeExceptionally(
                  new DlmsServiceException(
                      "request of "
                          + apdu.length
                          + " bytes exceeds the meter's max receive PDU size "
                          + meterMax)));
      return;
    }
    send(apdu);
  }

  private void send(byte[] plain) {
    PendingRequest<?> req = current;
    byte[] apdu;
    try {
      apdu = cipherIfDue(plain);
    } catch (RuntimeException e) {
      // the invocation counter could not be reserved: never send with a guessed one
      finish(() -> req.future.completeExceptionally(e));
      return;
    }
    // marked before the write, so a listener's pause that comes between sees it
    channel.attr(AWAITING_ANSWER).set(Boolean.TRUE);
    timer =
        channel
            .eventLoop()
            .schedule(
                () -> timedOut(req), settings.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
    channel
        .writeAndFlush(new WrapperFrame(settings.clientWPort(), settings.serverWPort(), apdu))
        .addListener(
            f -> {
              if (!f.isSuccess() && current == req) {
                finish(() -> req.future.completeExceptionally(f.cause()));
              }
            });
  }

  /** On a ciphered association every xDLMS request goes out in its glo- form; ACSE never does. */
  private byte[] cipherIfDue(byte[] plain) {
    if (ciphering.isPresent()
        && ciphering.get().ready()
        && GloCiphered.gloTagFor(plain[0] & 0xFF).isPresent()) {
      return ciphering.get().cipher(plain);
    }
    return plain;
  }

  private void timedOut(PendingRequest<?> req) {
    if (current == req) {
      log.info(
          "no response from {} within {}", channel.remoteAddress(), settings.responseTimeout());
      finish(
          () ->
              req.future.completeExceptionally(
                  new TimeoutException("no response within " + settings.responseTimeout())));
    }
  }

  private byte[] decipherIfCiphered(byte[] apdu) {
    if (!GloCiphered.isGloTag(apdu[0] & 0xFF)) {
      if (ciphering.isPresent() && ciphering.get().ready() && isDataResponse(apdu)) {
        // on a ciphered association a meter answers GET/SET/ACTION only in glo- form: a plain
        // answer
        // is unauthenticated, whoever sent it, and must never confirm a relay command
        throw new CipheringException(
            CipheringException.Reason.NOT_AUTHENTICATED,
            "a plain "
                + String.format("0x%02X", apdu[0] & 0xFF)
                + " response on a ciphered association; not trusted");
      }
      return apdu;
    }
    if (ciphering.isEmpty()) {
      throw new CipheringException(
          CipheringException.Reason.NO_KEY, "a ciphered response on an association without keys");
    }
    return ciphering.get().decipher(apdu);
  }

  private void handleResponse(WrapperFrame frame) {
    if (frame.destinationWPort() != settings.clientWPort()) {
      // the wrapper addresses every answer to the client SAP that asked: an answer for another
      // association on this connection (typically the late AARE or RLRE of one that timed out
      // before this one was opened) must not be taken for this association's answer
      log.info(
          "response {} from {} addressed to client wPort {}, this association is client wPort {};"
              + " dropped",
          String.format("0x%02X", frame.apduUnsafe()[0] & 0xFF),
          channel.remoteAddress(),
          frame.destinationWPort(),
          settings.clientWPort());
      return;
    }
    byte[] apdu = frame.apduUnsafe();
    if (current == null) {
      log.info("response from {} with no request waiting; dropped", channel.remoteAddress());
      return;
    }
    if (current.acse() && !answersAcse(apdu[0] & 0xFF, current.acseAnswer())) {
      // while an AARQ or RLRQ waits, anything but its own answer is the late answer to an earlier
      // request (an RLRE of the association before, a ciphered GET response of one that timed
      // out): it must neither be taken for the answer nor fail the association by being deciphered
      log.info(
          "response 0x{} from {} while an ACSE request waits for 0x{} (a late answer?); dropped",
          String.format("%02X", apdu[0] & 0xFF),
          channel.remoteAddress(),
          String.format("%02X", current.acseAnswer()));
      return;
    }
    CosemPdu pdu;
    try {
      apdu = decipherIfCiphered(apdu);
      pdu = CosemPdu.decode(apdu);
    } catch (AxdrException | CipheringException e) {
      PendingRequest<?> req = current;
      finish(() -> req.future.completeExceptionally(e));
      return;
    }
    if (!current.acse() && !matchesInvokeId(apdu)) {
      log.info(
          "response with another invoke id from {} (a late answer?); dropped",
          channel.remoteAddress());
      return;
    }
    timer.cancel(false);
    Optional<byte[]> more = current.accept(pdu);
    if (more.isPresent() && abandoning != null && current instanceof PendingRequest.Get) {
      PendingRequest<?> req = current;
      idle();
      req.future.completeExceptionally(abandoning);
      sendNextIfIdle();
    } else if (more.isPresent()) {
      send(more.get());
    } else {
      idle();
      sendNextIfIdle();
    }
  }

  /**
   * The answer an ACSE request waits for, or the ExceptionResponse / ConfirmedServiceError with
   * which a meter refuses any request.
   */
  private static boolean answersAcse(int tag, int expected) {
    return tag == expected || tag == 0xD8 || tag == 0x0E;
  }

  /**
   * A plain GET, SET or ACTION response (ExceptionResponse and ACSE answers are never ciphered).
   */
  private static boolean isDataResponse(byte[] apdu) {
    return switch (apdu[0] & 0xFF) {
      case 0xC4, 0xC5, 0xC7 -> true;
      default -> false;
    };
  }

  /** GET/SET/ACTION responses echo the invoke id at byte 2; exception responses carry none. */
  private boolean matchesInvokeId(byte[] apdu) {
    boolean hasInvoke =
        switch (apdu[0] & 0xFF) {
          case 0xC4, 0xC5, 0xC7 -> true;
          default -> false;
        };
    return !hasInvoke
        || InvokeIdAndPriority.invokeId(apdu[2] & 0xFF)
            == InvokeIdAndPriority.invokeId(current.invokeIdAndPriority);
  }

  private void finish(Runnable failure) {
    if (timer != null) {
      timer.cancel(false);
    }
    failure.run();
    idle();
    sendNextIfIdle();
  }

  /** No request of this client waits for an answer now. */
  private void idle() {
    current = null;
    channel.attr(AWAITING_ANSWER).set(Boolean.FALSE);
  }

  private void handleClosed() {
    closed = true;
    negotiated = Optional.empty();
    failAll(new ClosedChannelException());
  }

  private void failAll(Exception cause) {
    if (timer != null) {
      timer.cancel(false);
    }
    if (current != null) {
      PendingRequest<?> req = current;
      idle();
      req.future.completeExceptionally(cause);
    }
    PendingRequest<?> r;
    while ((r = queue.poll()) != null) {
      r.future.completeExceptionally(cause);
    }
  }
}
