package org.urja.protocol.apdu;

import java.util.Optional;
import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;
import org.urja.protocol.cosem.DataAccessResult;

/**
 * GET-Response-With-Datablock (C4 02): one block of a GET result too long for the client's PDU. The
 * blocks concatenated are the A-XDR encoding of the Data. DataBlock-G carries either raw-data [0]
 * or a data-access-result [1] that ends the transfer.
 */
public record GetResponseWithDatablock(
    int invokeIdAndPriority,
    boolean lastBlock,
    long blockNumber,
    Optional<byte[]> rawData,
    DataAccessResult result)
    implements CosemPdu {
  public static final int CHOICE = 0x02;

  /** Tag, choice, invoke, last-block, block-number, raw-data choice and a three-byte length. */
  public static final int OVERHEAD = 2 + 1 + 1 + 4 + 1 + 3;

  public GetResponseWithDatablock {
    rawData = rawData.map(byte[]::clone);
    if (rawData.isPresent() != (result == DataAccessResult.SUCCESS)) {
      throw new IllegalArgumentException("a data block carries raw data exactly when it succeeds");
    }
  }

  public static GetResponseWithDatablock block(int invoke, boolean last, long number, byte[] raw) {
    return new GetResponseWithDatablock(
        invoke, last, number, Optional.of(raw), DataAccessResult.SUCCESS);
  }

  public static GetResponseWithDatablock failure(int invoke, long number, DataAccessResult result) {
    return new GetResponseWithDatablock(invoke, true, number, Optional.empty(), result);
  }

  @Override
  public Optional<byte[]> rawData() {
    return rawData.map(byte[]::clone);
  }

  @Override
  public byte[] encode() {
    AxdrWriter w = new AxdrWriter(OVERHEAD + rawData.map(b -> b.length).orElse(1));
    w.u8(GetResponseNormal.TAG)
        .u8(CHOICE)
        .u8(invokeIdAndPriority)
        .u8(lastBlock ? 1 : 0)
        .u32(blockNumber);
    if (rawData.isPresent()) {
      byte[] raw = rawData.get();
      w.u8(0).length(raw.length).bytes(raw);
    } else {
      w.u8(1).u8(result.code());
    }
    return w.toByteArray();
  }

  public static GetResponseWithDatablock decode(byte[] apdu) {
    AxdrReader r = new AxdrReader(apdu);
    Descriptors.expect(r, GetResponseNormal.TAG, CHOICE, "GET-Response-With-Datablock");
    int invoke = r.u8("invoke-id-and-priority");
    boolean last = r.u8("last-block") != 0;
    long number = r.u32("block-number");
    GetResponseWithDatablock resp =
        Descriptors.presence(r, "DataBlock-G result")
            ? new GetResponseWithDatablock(
                invoke,
                last,
                number,
                Optional.empty(),
                DataAccessResult.of(r.u8("data-access-result")))
            : block(invoke, last, number, r.bytes(r.length("raw-data"), "raw-data"));
    Descriptors.expectEnd(r, "GET-Response-With-Datablock");
    return resp;
  }
}
