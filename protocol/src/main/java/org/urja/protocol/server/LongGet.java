package org.urja.protocol.server;

import java.util.Arrays;
import org.urja.protocol.apdu.GetResponseWithDatablock;

/**
 * A GET result being sent in blocks: the encoded Data, how much has gone, and the number of the
 * last block sent. One per association at most; a new GET abandons it.
 */
final class LongGet {
  private final int invokeIdAndPriority;
  private final byte[] encoded;
  private final int blockSize;
  private int offset;
  private long blockNumber;

  LongGet(int invokeIdAndPriority, byte[] encoded, int clientMaxPdu) {
    this.invokeIdAndPriority = invokeIdAndPriority;
    this.encoded = encoded;
    this.blockSize = Math.max(1, clientMaxPdu - GetResponseWithDatablock.OVERHEAD);
  }

  long lastBlockNumber() {
    return blockNumber;
  }

  boolean finished() {
    return offset >= encoded.length;
  }

  GetResponseWithDatablock nextBlock() {
    int end = Math.min(encoded.length, offset + blockSize);
    byte[] raw = Arrays.copyOfRange(encoded, offset, end);
    offset = end;
    blockNumber++;
    return GetResponseWithDatablock.block(invokeIdAndPriority, finished(), blockNumber, raw);
  }
}
