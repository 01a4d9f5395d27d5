package org.urja.ingest.tcp;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.reading.ReadingSink;
import org.urja.ingest.store.BatchWriter;
import org.urja.ingest.store.Submission;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.protocol.wrapper.WrapperFrameEncoder;

/** What the listener tests share: a writer as the listener's sink, and a push as meters send it. */
final class TcpIngestFixtures {

  private TcpIngestFixtures() {}

  /** The batch writer behind the listener, as the head-end wires it (backpressure included). */
  static ReadingSink sinkOf(BatchWriter writer) {
    return new ReadingSink() {
      @Override
      public CompletableFuture<?> submit(List<Reading> r, List<MeterEvent> e) {
        return writer.submit(new Submission(r, e));
      }

      @Override
      public boolean hasCapacity() {
        return writer.hasCapacity();
      }

      @Override
      public void addCapacityListener(Consumer<Boolean> l) {
        writer.addCapacityListener(l);
      }
    };
  }

  /** A wrapper frame with a push exactly as the bundled meter model lays it out. */
  static byte[] bundledModelPush(String serial, Instant t, long wh) {
    DlmsData body = DlmsData.structure(
        DlmsData.octets(ObisCode.parse("0.0.25.9.0.255").toBytes()),
        DlmsData.octets(serial.getBytes()),
        DlmsData.octets(CosemDateTime.of(t, ZoneId.of("Asia/Kolkata"), CosemDateTime.DeviationSign.STANDARD).encode()),
        DlmsData.u32(wh), DlmsData.u32(wh + 50), DlmsData.u32(0),
        DlmsData.u16(23011), DlmsData.u32(4_100), DlmsData.u32(940), DlmsData.bool(true));
    byte[] apdu = new DataNotification(1, Optional.empty(), body).encode();
    return WrapperFrameEncoder.toBytes(new WrapperFrame(1, 1, apdu));
  }
}
