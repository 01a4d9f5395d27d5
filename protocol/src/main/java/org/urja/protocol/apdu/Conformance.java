package org.urja.protocol.apdu;

import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;

/**
 * The xDLMS conformance block: 24 bits, bit 0 the most significant bit of the first byte. Carried
 * BER-encoded even inside A-XDR ([APPLICATION 31] IMPLICIT BIT STRING: 5F 1F 04 00 b0 b1 b2).
 */
public record Conformance(int bits) {
  public static final int GENERAL_PROTECTION = bit(1);
  public static final int GENERAL_BLOCK_TRANSFER = bit(2);
  public static final int ATTRIBUTE0_WITH_SET = bit(8);
  public static final int PRIORITY_MGMT = bit(9);
  public static final int ATTRIBUTE0_WITH_GET = bit(10);
  public static final int BLOCK_TRANSFER_WITH_GET = bit(11);
  public static final int BLOCK_TRANSFER_WITH_SET = bit(12);
  public static final int BLOCK_TRANSFER_WITH_ACTION = bit(13);
  public static final int MULTIPLE_REFERENCES = bit(14);
  public static final int DATA_NOTIFICATION = bit(16);
  public static final int GET = bit(19);
  public static final int SET = bit(20);
  public static final int SELECTIVE_ACCESS = bit(21);
  public static final int EVENT_NOTIFICATION = bit(22);
  public static final int ACTION = bit(23);

  /** What this stack implements for LN referencing; the server answers the intersection. */
  public static final Conformance SUPPORTED =
      new Conformance(
          BLOCK_TRANSFER_WITH_GET | GET | SET | SELECTIVE_ACCESS | ACTION | PRIORITY_MGMT);

  public Conformance {
    if ((bits & ~0xFFFFFF) != 0) {
      throw new IllegalArgumentException("conformance block is 24 bits");
    }
  }

  private static int bit(int position) {
    return 1 << (23 - position);
  }

  public boolean has(int flag) {
    return (bits & flag) == flag;
  }

  public Conformance and(Conformance other) {
    return new Conformance(bits & other.bits);
  }

  void write(AxdrWriter w) {
    w.u8(0x5F).u8(0x1F).u8(0x04).u8(0x00).u8(bits >>> 16).u8(bits >>> 8).u8(bits);
  }

  static Conformance read(AxdrReader r) {
    int t1 = r.u8("conformance tag");
    int t2 = r.u8("conformance tag");
    if (t1 != 0x5F || t2 != 0x1F) {
      throw new AxdrException(
          "expected conformance tag 5F 1F, got "
              + Integer.toHexString(t1)
              + " "
              + Integer.toHexString(t2));
    }
    int len = r.length("conformance");
    if (len != 4) {
      throw new AxdrException("conformance bit string must be 4 bytes, got " + len);
    }
    r.u8("conformance unused bits");
    return new Conformance(
        (r.u8("conformance") << 16) | (r.u8("conformance") << 8) | r.u8("conformance"));
  }

  @Override
  public String toString() {
    return String.format("Conformance[%06X]", bits);
  }
}
