package org.urja.protocol.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the IEC 62056-47 framer in a real Netty pipeline ({@link
 * EmbeddedChannel}), fed in the segments a TCP stream may arrive in. docs/FUZZING.md says how.
 */
class WrapperFrameDecoderFuzzTest {
  static final int MAX_APDU = 4096;

  /**
   * On any byte stream in any segmentation the framer emits frames no larger than the maximum and
   * no more bytes than it was given, or fails with a framing error (wrong version, too long); it
   * never throws anything else and never buffers more than one frame's worth.
   */
  @FuzzTest
  void anyStreamBecomesBoundedFramesOrAFramingError(FuzzedDataProvider data) {
    EmbeddedChannel ch = new EmbeddedChannel(new WrapperFrameDecoder(MAX_APDU));
    long fed = 0;
    long framed = 0;
    try {
      while (data.remainingBytes() > 0) {
        byte[] segment = data.consumeBytes(1 + data.consumeInt(0, 2 * MAX_APDU));
        fed += segment.length;
        ch.writeInbound(Unpooled.wrappedBuffer(segment));
        for (Object o; (o = ch.readInbound()) != null; ) {
          WrapperFrame f = (WrapperFrame) o;
          assertThat(f.apduUnsafe().length).isLessThanOrEqualTo(MAX_APDU);
          framed += WrapperFrame.HEADER_LENGTH + f.apduUnsafe().length;
        }
        assertThat(framed).isLessThanOrEqualTo(fed);
        // what is held back is at most one incomplete frame
        assertThat(fed - framed).isLessThan(WrapperFrame.HEADER_LENGTH + MAX_APDU);
      }
    } catch (DecoderException e) {
      assertThat(e).isInstanceOfAny(CorruptedFrameException.class, TooLongFrameException.class);
    } finally {
      ch.finishAndReleaseAll();
    }
  }

  /** Frames a meter wrote, cut into any segments, come out whole, in order, each exactly once. */
  @FuzzTest
  void framesCutAnywhereComeOutWholeAndInOrder(FuzzedDataProvider data) {
    List<WrapperFrame> sent = new ArrayList<>();
    int count = data.consumeInt(1, 8);
    for (int i = 0; i < count; i++) {
      sent.add(
          new WrapperFrame(
              data.consumeInt(0, 0xFFFF),
              data.consumeInt(0, 0xFFFF),
              data.consumeBytes(data.consumeInt(0, MAX_APDU))));
    }
    byte[] stream =
        sent.stream()
            .map(WrapperFrameEncoder::toBytes)
            .reduce(new byte[0], WrapperFrameDecoderFuzzTest::concat);
    EmbeddedChannel ch = new EmbeddedChannel(new WrapperFrameDecoder(MAX_APDU));
    List<WrapperFrame> received = new ArrayList<>();
    int from = 0;
    while (from < stream.length) {
      int len =
          Math.min(
              stream.length - from,
              data.remainingBytes() > 0 ? data.consumeInt(1, 1500) : stream.length);
      ch.writeInbound(Unpooled.wrappedBuffer(stream, from, len));
      from += len;
      for (Object o; (o = ch.readInbound()) != null; ) {
        received.add((WrapperFrame) o);
      }
    }
    ch.finishAndReleaseAll();
    assertThat(received).isEqualTo(sent);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
