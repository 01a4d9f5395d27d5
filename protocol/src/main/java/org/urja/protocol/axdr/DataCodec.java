package org.urja.protocol.axdr;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes COSEM Data (tag, then value) in A-XDR.
 *
 * <p>Decoding is bounded by {@link AxdrLimits}: every value consumes input (a tag byte, or in a
 * compact-array at least one content byte per element), no count is believed before the bytes it
 * needs are there, and depth and value count have ceilings. Anything else is an {@link
 * AxdrException} for that input only.
 */
public final class DataCodec {
  private DataCodec() {}

  public static DlmsData decode(byte[] bytes) {
    AxdrReader r = new AxdrReader(bytes);
    DlmsData d = decode(r);
    if (r.hasRemaining()) {
      throw new AxdrException(
          r.remaining() + " byte(s) left over after Data at offset " + r.position());
    }
    return d;
  }

  public static DlmsData decode(AxdrReader r) {
    return decode(r, 0, new DecodeBudget());
  }

  private static DlmsData decode(AxdrReader r, int depth, DecodeBudget budget) {
    int tag = r.u8("data tag");
    DataType type = DataType.ofTag(tag);
    if (type == null) {
      throw new AxdrException(
          "unknown Data tag 0x" + Integer.toHexString(tag) + " at offset " + (r.position() - 1));
    }
    return decodeValue(type, r, depth, budget);
  }

  /** The value of {@code type} without its tag: also how compact-array contents are read. */
  static DlmsData decodeValue(DataType type, AxdrReader r, int depth, DecodeBudget budget) {
    DecodeBudget.checkDepth(depth);
    budget.spend(type.name());
    switch (type) {
      case NULL_DATA:
      case DONT_CARE:
        return new DlmsData.Null(type);
      case BOOLEAN:
        return new DlmsData.Bool(r.u8("boolean") != 0);
      case INTEGER:
        return new DlmsData.Int(type, (byte) r.u8("integer"));
      case UNSIGNED:
      case ENUM:
      case BCD:
        return new DlmsData.Int(type, r.u8(type.name()));
      case LONG:
        return new DlmsData.Int(type, (short) r.u16("long"));
      case LONG_UNSIGNED:
        return new DlmsData.Int(type, r.u16("long-unsigned"));
      case DOUBLE_LONG:
        return new DlmsData.Int(type, (int) r.u32("double-long"));
      case DOUBLE_LONG_UNSIGNED:
        return new DlmsData.Int(type, r.u32("double-long-unsigned"));
      case LONG64:
      case LONG64_UNSIGNED:
        return new DlmsData.Int(type, r.s64(type.name()));
      case FLOAT32:
        return new DlmsData.Float32(Float.intBitsToFloat((int) r.u32("float32")));
      case FLOAT64:
        return new DlmsData.Float64(Double.longBitsToDouble(r.s64("float64")));
      case OCTET_STRING:
        return new DlmsData.Octets(type, r.bytes(r.length("octet-string"), "octet-string"));
      case DATE_TIME:
        return new DlmsData.Octets(type, r.bytes(12, "date-time"));
      case DATE:
        return new DlmsData.Octets(type, r.bytes(5, "date"));
      case TIME:
        return new DlmsData.Octets(type, r.bytes(4, "time"));
      case VISIBLE_STRING:
        return new DlmsData.Text(
            type,
            new String(
                r.bytes(r.length("visible-string"), "visible-string"), StandardCharsets.US_ASCII));
      case UTF8_STRING:
        return new DlmsData.Text(
            type,
            new String(r.bytes(r.length("utf8-string"), "utf8-string"), StandardCharsets.UTF_8));
      case BIT_STRING:
        {
          int bits = r.length("bit-string");
          // in long: a count near 2^31 bits must not wrap to a negative byte count
          long octets = (bits + 7L) / 8;
          return new DlmsData.BitString(r.bytes((int) octets, "bit-string"), bits);
        }
      case ARRAY:
      case STRUCTURE:
        {
          int n = r.length(type.name().toLowerCase());
          if (n > r.remaining()) {
            // every element takes at least its tag byte: a count above what is left is corrupt
            throw new AxdrException(
                type.name().toLowerCase()
                    + " of "
                    + n
                    + " elements cannot fit in "
                    + r.remaining()
                    + " bytes");
          }
          List<DlmsData> items = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            items.add(decode(r, depth + 1, budget));
          }
          return new DlmsData.Composite(type, items);
        }
      case COMPACT_ARRAY:
        return CompactArray.decode(r, depth, budget);
      default:
        throw new AxdrException("unsupported Data type " + type);
    }
  }

  public static byte[] encode(DlmsData d) {
    AxdrWriter w = new AxdrWriter();
    encode(d, w);
    return w.toByteArray();
  }

  public static void encode(DlmsData d, AxdrWriter w) {
    DataType type = d.type();
    w.u8(type.tag());
    if (d instanceof DlmsData.Bool b) {
      w.u8(b.value() ? 1 : 0);
    } else if (d instanceof DlmsData.Int i) {
      switch (type.integerWidth()) {
        case 1 -> w.u8((int) i.value());
        case 2 -> w.u16((int) i.value());
        case 4 -> w.u32(i.value());
        default -> w.s64(i.value());
      }
    } else if (d instanceof DlmsData.Float32 f) {
      w.u32(Float.floatToIntBits(f.value()) & 0xFFFFFFFFL);
    } else if (d instanceof DlmsData.Float64 f) {
      w.s64(Double.doubleToLongBits(f.value()));
    } else if (d instanceof DlmsData.Octets o) {
      byte[] v = o.value();
      if (type == DataType.OCTET_STRING) {
        w.length(v.length);
      } else if (v.length != fixedLength(type)) {
        throw new AxdrException(type + " must be " + fixedLength(type) + " bytes, got " + v.length);
      }
      w.bytes(v);
    } else if (d instanceof DlmsData.Text t) {
      byte[] v =
          t.value()
              .getBytes(
                  type == DataType.UTF8_STRING
                      ? StandardCharsets.UTF_8
                      : StandardCharsets.US_ASCII);
      w.length(v.length).bytes(v);
    } else if (d instanceof DlmsData.BitString b) {
      w.length(b.bitCount()).bytes(b.bits());
    } else if (d instanceof DlmsData.Composite c) {
      w.length(c.size());
      for (DlmsData item : c.items()) {
        encode(item, w);
      }
    }
  }

  private static int fixedLength(DataType t) {
    return switch (t) {
      case DATE_TIME -> 12;
      case DATE -> 5;
      case TIME -> 4;
      default -> -1;
    };
  }
}
