package org.urja.protocol.axdr;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Encodes and decodes COSEM Data (tag, then value) in A-XDR. */
public final class DataCodec {
  /** Nesting deeper than this is not a meter's data but a malicious or corrupt frame. */
  static final int MAX_DEPTH = 16;

  private DataCodec() {}

  public static DlmsData decode(byte[] bytes) {
    AxdrReader r = new AxdrReader(bytes);
    DlmsData d = decode(r);
    if (r.hasRemaining()) {
      throw new AxdrException(r.remaining() + " byte(s) left over after Data at offset " + r.position());
    }
    return d;
  }

  public static DlmsData decode(AxdrReader r) {
    return decode(r, 0);
  }

  private static DlmsData decode(AxdrReader r, int depth) {
    int tag = r.u8("data tag");
    DataType type = DataType.ofTag(tag);
    if (type == null) {
      throw new AxdrException(
          "unknown Data tag 0x" + Integer.toHexString(tag) + " at offset " + (r.position() - 1));
    }
    return decodeValue(type, r, depth);
  }

  private static DlmsData decodeValue(DataType type, AxdrReader r, int depth) {
    if (depth > MAX_DEPTH) {
      throw new AxdrException("Data nested deeper than " + MAX_DEPTH + " levels");
    }
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
        return new DlmsData.Int(type == DataType.BCD ? DataType.BCD : type, r.u8(type.name()));
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
            type, new String(r.bytes(r.length("visible-string"), "visible-string"), StandardCharsets.US_ASCII));
      case UTF8_STRING:
        return new DlmsData.Text(
            type, new String(r.bytes(r.length("utf8-string"), "utf8-string"), StandardCharsets.UTF_8));
      case BIT_STRING: {
        int bits = r.length("bit-string");
        return new DlmsData.BitString(r.bytes((bits + 7) / 8, "bit-string"), bits);
      }
      case ARRAY:
      case STRUCTURE: {
        int n = r.length(type.name().toLowerCase());
        if (n > r.remaining()) {
          // every element takes at least one byte: a count above what is left is corrupt
          throw new AxdrException(
              type.name().toLowerCase() + " of " + n + " elements cannot fit in " + r.remaining() + " bytes");
        }
        List<DlmsData> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          items.add(decode(r, depth + 1));
        }
        return new DlmsData.Composite(type, items);
      }
      case COMPACT_ARRAY:
        return decodeCompactArray(r, depth);
      default:
        throw new AxdrException("unsupported Data type " + type);
    }
  }

  /** compact-array: a type description, then the contents as values without tags. */
  private static DlmsData decodeCompactArray(AxdrReader r, int depth) {
    TypeDescription desc = TypeDescription.read(r, 0);
    int len = r.length("compact-array contents");
    byte[] contents = r.bytes(len, "compact-array contents");
    AxdrReader cr = new AxdrReader(contents);
    List<DlmsData> items = new ArrayList<>();
    while (cr.hasRemaining()) {
      items.add(desc.readValue(cr, depth + 1));
    }
    return new DlmsData.Composite(DataType.ARRAY, items);
  }

  /** The type-description of a compact-array. */
  private record TypeDescription(DataType type, List<TypeDescription> fields, int count) {
    static TypeDescription read(AxdrReader r, int depth) {
      if (depth > MAX_DEPTH) {
        throw new AxdrException("compact-array type description nested too deep");
      }
      int tag = r.u8("type description");
      DataType t = DataType.ofTag(tag);
      if (t == null) {
        throw new AxdrException("unknown type tag 0x" + Integer.toHexString(tag) + " in compact-array");
      }
      if (t == DataType.ARRAY) {
        int count = r.u16("compact-array element count");
        return new TypeDescription(t, List.of(read(r, depth + 1)), count);
      }
      if (t == DataType.STRUCTURE) {
        int n = r.length("compact-array structure");
        List<TypeDescription> f = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          f.add(read(r, depth + 1));
        }
        return new TypeDescription(t, f, n);
      }
      return new TypeDescription(t, List.of(), 0);
    }

    DlmsData readValue(AxdrReader r, int depth) {
      if (type == DataType.STRUCTURE) {
        List<DlmsData> items = new ArrayList<>(fields.size());
        for (TypeDescription f : fields) {
          items.add(f.readValue(r, depth + 1));
        }
        return new DlmsData.Composite(DataType.STRUCTURE, items);
      }
      if (type == DataType.ARRAY) {
        List<DlmsData> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          items.add(fields.get(0).readValue(r, depth + 1));
        }
        return new DlmsData.Composite(DataType.ARRAY, items);
      }
      return decodeValue(type, r, depth);
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
          t.value().getBytes(type == DataType.UTF8_STRING ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII);
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
