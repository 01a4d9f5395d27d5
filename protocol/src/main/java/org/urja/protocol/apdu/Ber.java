package org.urja.protocol.apdu;

import java.util.ArrayList;
import java.util.List;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;

/**
 * The little BER the ACSE APDUs need: single-byte tags, definite lengths. The BER and A-XDR
 * definite length forms are the same, so the A-XDR reader and writer do the length work.
 */
final class Ber {
  private Ber() {}

  record Tlv(int tag, byte[] value) {}

  static List<Tlv> readAll(byte[] content) {
    AxdrReader r = new AxdrReader(content);
    List<Tlv> out = new ArrayList<>();
    while (r.hasRemaining()) {
      int tag = r.u8("BER tag");
      if ((tag & 0x1F) == 0x1F) {
        throw new AxdrException(
            "multi-byte BER tag 0x" + Integer.toHexString(tag) + " is not used by ACSE");
      }
      out.add(new Tlv(tag, r.bytes(r.length("BER value"), "BER value")));
    }
    return out;
  }

  /** The value of the single outer TLV that must be the whole of {@code apdu}. */
  static byte[] unwrap(byte[] apdu, int expectedTag, String name) {
    AxdrReader r = new AxdrReader(apdu);
    int tag = r.u8(name + " tag");
    if (tag != expectedTag) {
      throw new AxdrException(
          String.format("not an %s: tag %02X, expected %02X", name, tag, expectedTag));
    }
    byte[] content = r.bytes(r.length(name), name);
    if (r.hasRemaining()) {
      throw new AxdrException(r.remaining() + " byte(s) after the " + name);
    }
    return content;
  }

  static void write(AxdrWriter w, int tag, byte[] value) {
    w.u8(tag).length(value.length).bytes(value);
  }

  static byte[] tlv(int tag, byte[] value) {
    AxdrWriter w = new AxdrWriter(value.length + 4);
    write(w, tag, value);
    return w.toByteArray();
  }

  /** A small non-negative BER INTEGER (results and diagnostics are single bytes). */
  static int readSmallInteger(byte[] tlv, String what) {
    List<Tlv> inner = readAll(tlv);
    if (inner.size() != 1 || inner.get(0).tag() != 0x02 || inner.get(0).value().length == 0) {
      throw new AxdrException(what + " is not an INTEGER");
    }
    int v = 0;
    for (byte b : inner.get(0).value()) {
      v = (v << 8) | (b & 0xFF);
    }
    return v;
  }

  static byte[] smallInteger(int v) {
    return tlv(0x02, new byte[] {(byte) v});
  }

  /** The octets of an OCTET STRING carrying an xDLMS APDU in user-information (BE L 04 L ...). */
  static byte[] userInformation(byte[] beContent) {
    List<Tlv> inner = readAll(beContent);
    if (inner.size() != 1 || inner.get(0).tag() != 0x04) {
      throw new AxdrException("user-information is not one OCTET STRING");
    }
    return inner.get(0).value();
  }
}
