package org.urja.protocol.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.protocol.wrapper.WrapperFrameDecoder;
import org.urja.protocol.wrapper.WrapperFrameEncoder;

/**
 * The head-end side of one connection, after the wrapper codec: takes the frames that answer the
 * head-end's requests (AARE, GET/SET/ACTION responses, RLRE, exception and confirmed-service
 * errors) to the {@link NettyCosemClient} of this channel, and passes every other frame — the
 * meter's DataNotification and EventNotification pushes — on down the pipeline.
 */
public final class ClientAssociationHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ClientAssociationHandler.class);

  private static final WrapperFrameEncoder ENCODER = new WrapperFrameEncoder();

  private ResponseListener listener;

  /**
   * The head-end side of a meter connection: wrapper decoder, wrapper encoder, this handler. Add
   * the push handler (DataNotification / EventNotification) after it. {@code maxApduLength} must be
   * at least the max receive PDU size the head-end announces.
   */
  public static ClientAssociationHandler initPipeline(ChannelPipeline p, int maxApduLength) {
    ClientAssociationHandler h = new ClientAssociationHandler();
    p.addLast("wrapperDecoder", new WrapperFrameDecoder(maxApduLength));
    p.addLast("wrapperEncoder", ENCODER);
    p.addLast("cosemClient", h);
    return h;
  }

  /** Only the event loop touches the listener. */
  void bind(ResponseListener l) {
    this.listener = l;
  }

  void unbind(ResponseListener l) {
    if (listener == l) {
      listener = null;
    }
  }

  static boolean isResponse(int tag) {
    return switch (tag) {
      // AARE, RLRE, GET/SET/ACTION responses plain and glo-, ExceptionResponse,
      // ConfirmedServiceError
      case 0x61, 0x63, 0xC4, 0xC5, 0xC7, 0xCC, 0xCD, 0xCF, 0xD8, 0x0E -> true;
      default -> false;
    };
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof WrapperFrame f
        && f.apduUnsafe().length > 0
        && isResponse(f.apduUnsafe()[0] & 0xFF)) {
      if (listener != null) {
        listener.onResponse(f);
      } else {
        log.info(
            "response {} from {} with no request waiting; dropped",
            f,
            ctx.channel().remoteAddress());
      }
      return;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (listener != null) {
      listener.onClosed();
    }
    ctx.fireChannelInactive();
  }
}
