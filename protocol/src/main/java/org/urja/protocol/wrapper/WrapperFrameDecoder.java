package org.urja.protocol.wrapper;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Frames a TCP byte stream into {@link WrapperFrame}s. Frames may arrive split across or packed
 * into TCP segments in any way. A frame whose version is not 1 or whose length exceeds the
 * configured maximum cannot be resynchronised (the wrapper has no start marker), so this decoder
 * raises a clear error; the connection's handler decides to close that one connection, never
 * others.
 */
public final class WrapperFrameDecoder extends ByteToMessageDecoder {
  private final int maxApduLength;

  public WrapperFrameDecoder(int maxApduLength) {
    if (maxApduLength <= 0 || maxApduLength > 0xFFFF) {
      throw new IllegalArgumentException("max APDU length must be 1..65535");
    }
    this.maxApduLength = maxApduLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= WrapperFrame.HEADER_LENGTH) {
      int start = in.readerIndex();
      int version = in.getUnsignedShort(start);
      if (version != WrapperFrame.VERSION) {
        in.skipBytes(in.readableBytes());
        throw new CorruptedFrameException(
            "not an IEC 62056-47 wrapper frame: version 0x"
                + Integer.toHexString(version)
                + ", expected 0x0001");
      }
      int length = in.getUnsignedShort(start + 6);
      if (length > maxApduLength) {
        in.skipBytes(in.readableBytes());
        throw new TooLongFrameException(
            "wrapper frame announces " + length + " bytes, more than the maximum " + maxApduLength);
      }
      if (in.readableBytes() < WrapperFrame.HEADER_LENGTH + length) {
        return;
      }
      int src = in.getUnsignedShort(start + 2);
      int dst = in.getUnsignedShort(start + 4);
      byte[] apdu = new byte[length];
      in.getBytes(start + WrapperFrame.HEADER_LENGTH, apdu);
      in.skipBytes(WrapperFrame.HEADER_LENGTH + length);
      out.add(new WrapperFrame(src, dst, apdu));
    }
  }
}
