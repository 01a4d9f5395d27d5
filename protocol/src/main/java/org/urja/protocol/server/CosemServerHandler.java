package org.urja.protocol.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.protocol.apdu.Aarq;
import org.urja.protocol.apdu.ActionRequestNormal;
import org.urja.protocol.apdu.ActionResponseNormal;
import org.urja.protocol.apdu.Conformance;
import org.urja.protocol.apdu.CosemPdu;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.apdu.ExceptionResponse;
import org.urja.protocol.apdu.GetRequestNext;
import org.urja.protocol.apdu.GetRequestNormal;
import org.urja.protocol.apdu.GetResponseNormal;
import org.urja.protocol.apdu.GetResponseWithDatablock;
import org.urja.protocol.apdu.GloCiphered;
import org.urja.protocol.apdu.Rlre;
import org.urja.protocol.apdu.Rlrq;
import org.urja.protocol.apdu.SetRequestNormal;
import org.urja.protocol.apdu.SetResponseNormal;
import org.urja.protocol.apdu.UnsupportedServiceException;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.DataCodec;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.ActionResult;
import org.urja.protocol.cosem.CosemAccessException;
import org.urja.protocol.cosem.DataAccessResult;
import org.urja.protocol.wrapper.WrapperFrame;

/**
 * The COSEM server side of one connection: sits after the {@link
 * org.urja.protocol.wrapper.WrapperFrameDecoder}, answers AARQ, GET (with block transfer), SET,
 * ACTION and RLRQ against a {@link CosemObjectModel}. All state is in this instance, so there is
 * one per channel. The channel may be one the meter dialled itself; {@link #push} sends
 * DataNotifications on it whether or not an association is open, as push needs none.
 */
public final class CosemServerHandler extends SimpleChannelInboundHandler<WrapperFrame> {
  private static final Logger log = LoggerFactory.getLogger(CosemServerHandler.class);

  private final CosemObjectModel model;
  private final ServerSettings settings;
  private final CosemServerMetrics metrics;
  private final AssociationAcceptor acceptor;
  private Optional<AssociationAcceptor.Negotiated> association = Optional.empty();
  private LongGet longGet;

  /** Present on a ciphered association. */
  private CipheredSession session;

  private Channel channel;

  public CosemServerHandler(
      CosemObjectModel model, ServerSettings settings, CosemServerMetrics metrics) {
    this.model = model;
    this.settings = settings;
    this.metrics = metrics;
    this.acceptor = new AssociationAcceptor(settings);
  }

  public CosemServerHandler(CosemObjectModel model, ServerSettings settings) {
    this(model, settings, new CosemServerMetrics());
  }

  /** True while an application association is open on this channel. */
  public boolean associated() {
    return association.isPresent();
  }

  /**
   * Sends a DataNotification from the logical device's wPort to the configured push destination.
   * Safe from any thread.
   */
  public ChannelFuture push(DataNotification notification) {
    if (channel == null) {
      throw new IllegalStateException("the handler is not in a pipeline yet");
    }
    return channel.writeAndFlush(
        new WrapperFrame(
            settings.logicalDeviceWPort(), settings.pushDestinationWPort(), notification.encode()));
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WrapperFrame frame) {
    byte[] apdu = frame.apduUnsafe();
    CosemPdu pdu;
    try {
      pdu = CosemPdu.decode(apdu);
    } catch (UnsupportedServiceException e) {
      reply(ctx, frame, unsupported(apdu, e));
      return;
    } catch (AxdrException e) {
      metrics.malformed();
      log.warn("malformed APDU from {}: {}", ctx.channel().remoteAddress(), e.getMessage());
      reply(ctx, frame, malformed(apdu));
      return;
    }
    byte[] response;
    try {
      response =
          pdu instanceof GloCiphered glo
              ? answerCiphered(glo)
              : answer(pdu, frame.sourceWPort()).encode();
    } catch (RuntimeException e) {
      // a model returning data that cannot be encoded must not take the connection down
      log.error(
          "could not answer {} from {}",
          pdu.getClass().getSimpleName(),
          ctx.channel().remoteAddress(),
          e);
      response =
          ExceptionResponse.of(
                  ExceptionResponse.SERVICE_NOT_ALLOWED, ExceptionResponse.OTHER_REASON)
              .encode();
    }
    ctx.writeAndFlush(frame.reply(response));
  }

  /** A glo- request: answered only on a ciphered association. */
  private byte[] answerCiphered(GloCiphered glo) {
    if (session == null) {
      return ExceptionResponse.of(
              ExceptionResponse.SERVICE_NOT_ALLOWED, ExceptionResponse.OPERATION_NOT_POSSIBLE)
          .encode();
    }
    byte[] answer = session.answer(glo, this::serve, this::malformed);
    if (session.authenticationFailed()) {
      endAssociation();
    }
    return answer;
  }

  private void endAssociation() {
    association = Optional.empty();
    session = null;
    longGet = null;
  }

  private CosemPdu answer(CosemPdu pdu, int clientWPort) {
    if (pdu instanceof Aarq aarq) {
      return associate(aarq, clientWPort);
    }
    if (pdu instanceof Rlrq) {
      endAssociation();
      return new Rlre(Optional.of(0));
    }
    if (session != null) {
      // a ciphered association takes xDLMS requests only in their glo- form
      return ExceptionResponse.of(
          ExceptionResponse.SERVICE_NOT_ALLOWED, ExceptionResponse.OPERATION_NOT_POSSIBLE);
    }
    return serve(pdu);
  }

  /** GET, SET and ACTION within the services the association's conformance grants. */
  private CosemPdu serve(CosemPdu pdu) {
    if (association.isEmpty()) {
      // outside an association the server AL refuses every data service
      return ExceptionResponse.of(
          ExceptionResponse.SERVICE_NOT_ALLOWED, ExceptionResponse.OPERATION_NOT_POSSIBLE);
    }
    Conformance granted = association.get().conformance();
    int needed =
        pdu instanceof GetRequestNormal || pdu instanceof GetRequestNext
            ? Conformance.GET
            : pdu instanceof SetRequestNormal
                ? Conformance.SET
                : pdu instanceof ActionRequestNormal ? Conformance.ACTION : 0;
    if (needed != 0 && !granted.has(needed)) {
      // what IS 15959 meters answer an ACTION from the read-only public client
      return ExceptionResponse.of(
          ExceptionResponse.SERVICE_UNKNOWN, ExceptionResponse.SERVICE_NOT_SUPPORTED);
    }
    if (pdu instanceof GetRequestNormal get) {
      return get(get);
    }
    if (pdu instanceof GetRequestNext next) {
      return next(next);
    }
    if (pdu instanceof SetRequestNormal set) {
      return set(set);
    }
    if (pdu instanceof ActionRequestNormal action) {
      return action(action);
    }
    return ExceptionResponse.of(
        ExceptionResponse.SERVICE_UNKNOWN, ExceptionResponse.SERVICE_NOT_SUPPORTED);
  }

  private CosemPdu associate(Aarq aarq, int clientWPort) {
    AssociationAcceptor.Decision d = acceptor.decide(aarq, clientWPort);
    association = d.negotiated();
    session =
        association
            .flatMap(AssociationAcceptor.Negotiated::secured)
            .map(s -> new CipheredSession(settings.strict().orElseThrow(), s, metrics))
            .orElse(null);
    longGet = null;
    if (association.isPresent()) {
      metrics.associationAccepted();
    } else {
      metrics.associationRejected();
      log.info("association refused, diagnostic {}", d.aare().diagnostic());
    }
    return d.aare();
  }

  private CosemPdu get(GetRequestNormal req) {
    metrics.requestServed();
    longGet = null;
    int invoke = req.invokeIdAndPriority();
    DlmsData value;
    try {
      value = model.get(req.attribute());
    } catch (CosemAccessException e) {
      return GetResponseNormal.failure(invoke, DataAccessResult.of(e.resultCode()));
    } catch (AxdrException e) {
      // the model could not read the request's parameters (a broken range descriptor, say)
      log.info("GET {} refused: {}", req.attribute(), e.getMessage());
      return GetResponseNormal.failure(invoke, DataAccessResult.OTHER_REASON);
    } catch (RuntimeException e) {
      log.warn("model failed to GET {}", req.attribute(), e);
      return GetResponseNormal.failure(invoke, DataAccessResult.OTHER_REASON);
    }
    GetResponseNormal whole = GetResponseNormal.success(invoke, value);
    byte[] encoded;
    try {
      encoded = whole.encode();
    } catch (AxdrException e) {
      log.warn("model returned unencodable data for {}: {}", req.attribute(), e.getMessage());
      return GetResponseNormal.failure(invoke, DataAccessResult.OTHER_REASON);
    }
    AssociationAcceptor.Negotiated n = association.get();
    if (encoded.length <= n.clientMaxReceivePduSize()) {
      return whole;
    }
    if (!n.conformance().has(Conformance.BLOCK_TRANSFER_WITH_GET)) {
      return GetResponseNormal.failure(invoke, DataAccessResult.OTHER_REASON);
    }
    longGet = new LongGet(invoke, DataCodec.encode(value), n.clientMaxReceivePduSize());
    return nextBlock();
  }

  private CosemPdu next(GetRequestNext req) {
    metrics.requestServed();
    if (longGet == null) {
      return GetResponseWithDatablock.failure(
          req.invokeIdAndPriority(), req.blockNumber(), DataAccessResult.NO_LONG_GET_IN_PROGRESS);
    }
    if (req.blockNumber() != longGet.lastBlockNumber()) {
      longGet = null;
      return GetResponseWithDatablock.failure(
          req.invokeIdAndPriority(), req.blockNumber(), DataAccessResult.DATA_BLOCK_NUMBER_INVALID);
    }
    return nextBlock();
  }

  private GetResponseWithDatablock nextBlock() {
    GetResponseWithDatablock block = longGet.nextBlock();
    if (longGet.finished()) {
      longGet = null;
    }
    return block;
  }

  private CosemPdu set(SetRequestNormal req) {
    metrics.requestServed();
    DataAccessResult result = DataAccessResult.SUCCESS;
    try {
      model.set(req.attribute(), req.value());
    } catch (CosemAccessException e) {
      result = DataAccessResult.of(e.resultCode());
    } catch (RuntimeException e) {
      log.warn("model failed to SET {}", req.attribute(), e);
      result = DataAccessResult.OTHER_REASON;
    }
    return new SetResponseNormal(req.invokeIdAndPriority(), result);
  }

  private CosemPdu action(ActionRequestNormal req) {
    metrics.requestServed();
    int invoke = req.invokeIdAndPriority();
    try {
      Optional<DlmsData> ret =
          model.action(req.method(), req.parameters().orElse(DlmsData.Null.INSTANCE));
      return ActionResponseNormal.of(invoke, ActionResult.SUCCESS, ret);
    } catch (CosemAccessException e) {
      return ActionResponseNormal.of(invoke, ActionResult.of(e.resultCode()), Optional.empty());
    } catch (RuntimeException e) {
      log.warn("model failed ACTION {}", req.method(), e);
      return ActionResponseNormal.of(invoke, ActionResult.OTHER_REASON, Optional.empty());
    }
  }

  private CosemPdu unsupported(byte[] apdu, UnsupportedServiceException e) {
    if ((apdu[0] & 0xFF) == Aarq.TAG) {
      // an AARQ asking for ciphering: refuse the association, do not treat it as garbage
      metrics.associationRejected();
      endAssociation();
      return AssociationAcceptor.rejectUnreadable(true).aare();
    }
    log.info("unsupported service: {}", e.getMessage());
    return ExceptionResponse.of(
        ExceptionResponse.SERVICE_UNKNOWN, ExceptionResponse.SERVICE_NOT_SUPPORTED);
  }

  private CosemPdu malformed(byte[] apdu) {
    if (apdu.length > 0 && (apdu[0] & 0xFF) == Aarq.TAG) {
      metrics.associationRejected();
      endAssociation();
      return AssociationAcceptor.rejectUnreadable(false).aare();
    }
    return ExceptionResponse.of(
        ExceptionResponse.SERVICE_NOT_ALLOWED, ExceptionResponse.OTHER_REASON);
  }

  private static void reply(ChannelHandlerContext ctx, WrapperFrame request, CosemPdu response) {
    ctx.writeAndFlush(request.reply(response.encode()));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof DecoderException) {
      // the wrapper has no start marker: after a broken header this stream cannot be resynchronised
      metrics.malformed();
      log.warn("closing {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
    } else {
      log.debug("closing {} after {}", ctx.channel().remoteAddress(), cause.toString());
    }
    ctx.close();
  }
}
