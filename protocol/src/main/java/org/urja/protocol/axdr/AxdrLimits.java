package org.urja.protocol.axdr;

/**
 * The bounds every A-XDR decode keeps, in one place. Input is hostile until decoded: a frame may
 * claim any count, nest to any depth or describe elements that occupy no bytes, and a decoder that
 * believes it allocates or loops without end. Each bound is far above what the meters Urja talks to
 * send (IS 15959 single- and three-phase meters, DLMS UA Blue Book objects) and far below what
 * could hurt a head-end serving thousands of connections on one heap.
 *
 * <p>Bytes themselves are bounded where they enter: a wrapper frame by {@code tcp.max.apdu}, a GET
 * result reassembled from data blocks by {@link #MAX_BLOCK_TRANSFER_BYTES}. The bounds here keep
 * what is decoded from those bytes proportional to them.
 */
public final class AxdrLimits {
  /**
   * Levels of nested Data. A push is a structure of scalars (2 levels), a profile buffer an array
   * of structures of scalars (3), a range read's selective-access parameters a structure holding a
   * capture-object structure (3). 16 leaves room for any vendor's nesting while keeping the
   * recursive decoder's stack use trivial.
   */
  public static final int MAX_DEPTH = 16;

  /**
   * Values in one decoded Data, scalars and composites together. The largest thing a head-end
   * decodes is a block load profile read: a three-phase IS 15959 meter keeps 10 to 15 capture
   * objects every 15 minutes for 45 to 90 days, 8,640 rows × 16 values ≈ 140,000. 2^18 is about
   * twice that; a 4 KiB push holds at most 4,096. Every value costs a few dozen bytes of heap, so
   * this caps one decode near 10 MB however its bytes are arranged (compact-array rows repeat a
   * type description without repeating tags, so bytes alone do not bound values).
   */
  public static final int MAX_ELEMENTS = 1 << 18;

  /**
   * Bytes of one GET result reassembled from data blocks (block transfer with GET). A 90-day
   * 15-minute block load profile of 15 columns is about 750 KB of A-XDR; 2 MiB is well above it and
   * keeps a meter that never sends its last block from growing a buffer without end.
   */
  public static final int MAX_BLOCK_TRANSFER_BYTES = 2 * 1024 * 1024;

  private AxdrLimits() {}
}
