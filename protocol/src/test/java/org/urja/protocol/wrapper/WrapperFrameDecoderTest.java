package org.urja.protocol.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WrapperFrameDecoderTest {

  static byte[] frame(int src, int dst, byte[] apdu) {
    return WrapperFrameEncoder.toBytes(new WrapperFrame(src, dst, apdu));
  }

  static List<WrapperFrame> feed(EmbeddedChannel ch, byte[] stream, int[] cuts) {
    int from = 0;
    for (int cut : cuts) {
      ch.writeInbound(Unpooled.wrappedBuffer(stream, from, cut - from));
      from = cut;
    }
    ch.writeInbound(Unpooled.wrappedBuffer(stream, from, stream.length - from));
    List<WrapperFrame> out = new ArrayList<>();
    for (Object o; (o = ch.readInbound()) != null; ) {
      out.add((WrapperFrame) o);
    }
    return out;
  }

  @Test
  void theHeaderCarriesVersionWportsAndLength() {
    byte[] bytes = frame(0x10, 0x01, HexFormat.of().parseHex("C001C100080000010000FF0200"));
    assertThat(HexFormat.of().formatHex(bytes, 0, 8)).isEqualTo("000100100001000d");
  }

  @Test
  void framesSplitAcrossArbitrarySegmentBoundariesAreReassembled() {
    byte[] a = frame(0x01, 0x01, new byte[] {0x0F, 1, 2, 3});
    byte[] b = frame(0x01, 0x01, new byte[300]);
    byte[] c = frame(0x10, 0x01, HexFormat.of().parseHex("C001C100080000010000FF0200"));
    byte[] stream = new byte[a.length + b.length + c.length];
    System.arraycopy(a, 0, stream, 0, a.length);
    System.arraycopy(b, 0, stream, a.length, b.length);
    System.arraycopy(c, 0, stream, a.length + b.length, c.length);

    Random random = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      int n = random.nextInt(6);
      int[] cuts = random.ints(n, 1, stream.length).sorted().distinct().toArray();
      EmbeddedChannel ch = new EmbeddedChannel(new WrapperFrameDecoder(4096));
      List<WrapperFrame> frames = feed(ch, stream, cuts);
      assertThat(frames).hasSize(3);
      assertThat(frames.get(0).apdu()).containsExactly(0x0F, 1, 2, 3);
      assertThat(frames.get(1).apdu()).hasSize(300);
      assertThat(frames.get(2).sourceWPort()).isEqualTo(0x10);
    }
    // one byte at a time
    EmbeddedChannel ch = new EmbeddedChannel(new WrapperFrameDecoder(4096));
    int[] every = new int[stream.length - 1];
    for (int i = 0; i < every.length; i++) {
      every[i] = i + 1;
    }
    assertThat(feed(ch, stream, every)).hasSize(3);
  }

  @Test
  void aFrameLongerThanTheMaximumIsRejectedWithItsLength() {
    EmbeddedChannel ch = new EmbeddedChannel(new WrapperFrameDecoder(1024));
    ByteBuf header = Unpooled.wrappedBuffer(HexFormat.of().parseHex("0001000100010800"));
    assertThatThrownBy(() -> ch.writeInbound(header))
        .isInstanceOf(TooLongFrameException.class)
        .hasMessageContaining("2048")
        .hasMessageContaining("1024");
  }

  @Test
  void bytesThatAreNotAWrapperFrameAreRejected() {
    EmbeddedChannel ch = new EmbeddedChannel(new WrapperFrameDecoder(1024));
    ByteBuf hdlc = Unpooled.wrappedBuffer(HexFormat.of().parseHex("7EA0E22B2113239AE6E7000F"));
    assertThatThrownBy(() -> ch.writeInbound(hdlc))
        .isInstanceOf(DecoderException.class)
        .isInstanceOf(CorruptedFrameException.class)
        .hasMessageContaining("version");
  }

  @Test
  void aTruncatedFrameWaitsForTheRestAndYieldsNothingMeanwhile() {
    byte[] f = frame(1, 1, new byte[] {0x0F, 0, 0, 0, 1, 0, 0});
    EmbeddedChannel ch = new EmbeddedChannel(new WrapperFrameDecoder(1024));
    ch.writeInbound(Unpooled.wrappedBuffer(f, 0, f.length - 2));
    assertThat((Object) ch.readInbound()).isNull();
    ch.writeInbound(Unpooled.wrappedBuffer(f, f.length - 2, 2));
    assertThat((Object) ch.readInbound()).isNotNull();
  }
}
