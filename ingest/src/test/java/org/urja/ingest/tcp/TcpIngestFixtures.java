package org.urja.ingest.tcp;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.protocol.wrapper.WrapperFrameEncoder;

/** What the listener tests share: a push as meters send it. */
final class TcpIngestFixtures {

  private TcpIngestFixtures() {}

  /** A wrapper frame with a push exactly as the bundled meter model lays it out. */
  static byte[] bundledModelPush(String serial, Instant t, long wh) {
    DlmsData body =
        DlmsData.structure(
            DlmsData.octets(ObisCode.parse("0.0.25.9.0.255").toBytes()),
            DlmsData.octets(serial.getBytes()),
            DlmsData.octets(
                CosemDateTime.of(t, ZoneId.of("Asia/Kolkata"), CosemDateTime.DeviationSign.STANDARD)
                    .encode()),
            DlmsData.u32(wh),
            DlmsData.u32(wh + 50),
            DlmsData.u32(0),
            DlmsData.u16(23011),
            DlmsData.u32(4_100),
            DlmsData.u32(940),
            DlmsData.bool(true));
    byte[] apdu = new DataNotification(1, Optional.empty(), body).encode();
    return WrapperFrameEncoder.toBytes(new WrapperFrame(1, 1, apdu));
  }
}
