package org.urja.protocol.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.urja.protocol.apdu.Aarq;
import org.urja.protocol.apdu.Conformance;
import org.urja.protocol.apdu.CosemPdu;
import org.urja.protocol.apdu.GetRequestNormal;
import org.urja.protocol.apdu.GetResponseNormal;
import org.urja.protocol.apdu.InitiateRequest;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.profile.ProfileQueries;
import org.urja.protocol.wrapper.WrapperFrame;

/** Whatever arrives inside a wrapper frame, the meter answers and keeps its association. */
class MalformedInputTest {

  @Test
  void mutatedAndRandomApdusAreEachAnsweredAndNeverBreakTheConnection() {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new CosemServerHandler(new TestMeter(), ServerSettings.withPassword("pw")));
    byte[] aarq =
        Aarq.lowLevel(
                "pw".getBytes(StandardCharsets.US_ASCII),
                InitiateRequest.of(Conformance.SUPPORTED, 512))
            .encode();
    List<byte[]> seeds =
        List.of(
            aarq,
            new GetRequestNormal(0xC1, AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2))
                .encode(),
            new GetRequestNormal(
                    0xC1,
                    AttributeRef.of(CosemObjects.BLOCK_LOAD_PROFILE, 2)
                        .withAccess(
                            ProfileQueries.byRange(
                                CosemObjects.CLOCK,
                                TestMeter.rowTime(0),
                                TestMeter.rowTime(3),
                                TestMeter.IST,
                                TestMeter.SIGN)))
                .encode());
    Random random = new Random(62056);

    for (int i = 0; i < 3000; i++) {
      byte[] apdu = mutate(seeds.get(random.nextInt(seeds.size())), random);
      ch.writeInbound(new WrapperFrame(0x10, 0x01, apdu));
      WrapperFrame reply = ch.readOutbound();
      assertThat(reply).as("reply to %s", java.util.HexFormat.of().formatHex(apdu)).isNotNull();
      CosemPdu.decode(reply.apdu());
      assertThat(ch.isOpen()).isTrue();
    }

    ch.writeInbound(new WrapperFrame(0x10, 0x01, aarq));
    ch.readOutbound();
    ch.writeInbound(
        new WrapperFrame(
            0x10,
            0x01,
            new GetRequestNormal(0xC1, AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2))
                .encode()));
    WrapperFrame last = ch.readOutbound();
    assertThat(CosemPdu.decode(last.apdu())).isInstanceOf(GetResponseNormal.class);
  }

  private static byte[] mutate(byte[] seed, Random r) {
    switch (r.nextInt(4)) {
      case 0:
        {
          byte[] b = seed.clone();
          b[r.nextInt(b.length)] = (byte) r.nextInt(256);
          return b;
        }
      case 1:
        return java.util.Arrays.copyOf(seed, 1 + r.nextInt(seed.length));
      case 2:
        {
          byte[] b = new byte[1 + r.nextInt(40)];
          r.nextBytes(b);
          return b;
        }
      default:
        return seed;
    }
  }
}
