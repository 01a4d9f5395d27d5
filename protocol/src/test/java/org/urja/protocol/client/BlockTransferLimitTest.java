package org.urja.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.urja.protocol.apdu.GetRequestNext;
import org.urja.protocol.apdu.GetResponseWithDatablock;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.AxdrLimits;
import org.urja.protocol.axdr.DataCodec;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.obis.ObisCode;

/**
 * A GET answered in data blocks is reassembled up to a bound, so an endless sender costs nothing.
 */
class BlockTransferLimitTest {
  final AttributeRef profile =
      new AttributeRef(7, ObisCode.parse("1.0.99.1.0.255"), 2, Optional.empty());

  @Test
  void blocksAreReassembledIntoTheValueTheyCarry() {
    PendingRequest.Get get = new PendingRequest.Get(profile);
    byte[] encoded = DataCodec.encode(DlmsData.array(List.of(DlmsData.u16(1), DlmsData.u16(2))));
    Optional<byte[]> next =
        get.handle(
            GetResponseWithDatablock.block(0xC1, false, 1, java.util.Arrays.copyOf(encoded, 3)));
    assertThat(next).isPresent();
    assertThat(GetRequestNext.decode(next.get()).blockNumber()).isEqualTo(1);
    assertThat(
            get.handle(
                GetResponseWithDatablock.block(
                    0xC1, true, 2, java.util.Arrays.copyOfRange(encoded, 3, encoded.length))))
        .isEmpty();
    assertThat(get.future.join())
        .isEqualTo(DlmsData.array(List.of(DlmsData.u16(1), DlmsData.u16(2))));
  }

  @Test
  void aMeterThatNeverSendsItsLastBlockIsStoppedAtTheLimit() {
    PendingRequest.Get get = new PendingRequest.Get(profile);
    byte[] block = new byte[64 * 1024];
    long n = 0;
    Optional<byte[]> next;
    do {
      next = get.handle(GetResponseWithDatablock.block(0xC1, false, ++n, block));
    } while (next.isPresent());
    assertThat(n * block.length)
        .isGreaterThan(AxdrLimits.MAX_BLOCK_TRANSFER_BYTES)
        .isLessThanOrEqualTo(AxdrLimits.MAX_BLOCK_TRANSFER_BYTES + (long) block.length);
    assertThat(get.future).isCompletedExceptionally();
    assertThat(get.future.handle((v, e) -> e).join())
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("exceed " + AxdrLimits.MAX_BLOCK_TRANSFER_BYTES);
  }
}
