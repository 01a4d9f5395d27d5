package org.urja.protocol.wrapper;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link WrapperFrame}s with the 8-byte IEC 62056-47 header. Stateless, so shared. */
@Sharable
public final class WrapperFrameEncoder extends MessageToByteEncoder<WrapperFrame> {
  @Override
  protected void encode(ChannelHandlerContext ctx, WrapperFrame f, ByteBuf out) {
    write(f, out);
  }

  public static void write(WrapperFrame f, ByteBuf out) {
    byte[] apdu = f.apduUnsafe();
    if (apdu.length > 0xFFFF) {
      throw new IllegalArgumentException(
          "APDU of " + apdu.length + " bytes does not fit a wrapper frame");
    }
    out.writeShort(WrapperFrame.VERSION);
    out.writeShort(f.sourceWPort());
    out.writeShort(f.destinationWPort());
    out.writeShort(apdu.length);
    out.writeBytes(apdu);
  }

  /** The frame as bytes, for transports that are not Netty (MQTT payloads, tests). */
  public static byte[] toBytes(WrapperFrame f) {
    byte[] apdu = f.apduUnsafe();
    byte[] out = new byte[WrapperFrame.HEADER_LENGTH + apdu.length];
    out[1] = 1;
    out[2] = (byte) (f.sourceWPort() >>> 8);
    out[3] = (byte) f.sourceWPort();
    out[4] = (byte) (f.destinationWPort() >>> 8);
    out[5] = (byte) f.destinationWPort();
    out[6] = (byte) (apdu.length >>> 8);
    out[7] = (byte) apdu.length;
    System.arraycopy(apdu, 0, out, 8, apdu.length);
    return out;
  }
}
