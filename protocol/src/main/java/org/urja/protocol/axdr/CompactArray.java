package org.urja.protocol.axdr;

import java.util.ArrayList;
import java.util.List;

/**
 * compact-array (tag 19): a type description, then the contents, the values of every element
 * without tags. Decodes to an ordinary array.
 *
 * <p>With no tags, nothing forces an element to consume input: a type description of null-data, an
 * empty structure or an array of those occupies no bytes, and a decoder looping "while contents
 * remain" never ends (the 18-byte frame that once stopped a head-end). So the description's minimum
 * width is computed first and an element type that can occupy no bytes is refused, as is an array
 * count whose elements cannot fit in what is left.
 */
final class CompactArray {
  private CompactArray() {}

  static DlmsData decode(AxdrReader r, int depth, DecodeBudget budget) {
    TypeDescription desc = TypeDescription.read(r, depth + 1);
    int len = r.length("compact-array contents");
    AxdrReader contents = new AxdrReader(r.bytes(len, "compact-array contents"));
    if (len > 0 && desc.minWidth() == 0) {
      throw new AxdrException(
          "compact-array element type "
              + desc.type()
              + " occupies no bytes, so its "
              + len
              + " content byte(s) can never be consumed");
    }
    List<DlmsData> items = new ArrayList<>();
    while (contents.hasRemaining()) {
      int before = contents.position();
      items.add(desc.readValue(contents, depth + 1, budget));
      if (contents.position() == before) {
        // unreachable with minWidth() > 0; kept so that no future type can turn this into a spin
        throw new AxdrException("compact-array element consumed no input");
      }
    }
    return new DlmsData.Composite(DataType.ARRAY, items);
  }

  /**
   * Type-Description of the Blue Book: a simple type, an array of {@code count} elements of one
   * description, or a structure of descriptions. compact-array itself is not among its choices.
   */
  private record TypeDescription(
      DataType type, List<TypeDescription> fields, int count, long minWidth) {

    static TypeDescription read(AxdrReader r, int depth) {
      DecodeBudget.checkDepth(depth);
      int tag = r.u8("type description");
      DataType t = DataType.ofTag(tag);
      if (t == null || t == DataType.COMPACT_ARRAY) {
        throw new AxdrException(
            "type tag 0x" + Integer.toHexString(tag) + " is not a compact-array type description");
      }
      if (t == DataType.ARRAY) {
        int count = r.u16("compact-array element count");
        TypeDescription element = read(r, depth + 1);
        if (count > 0 && element.minWidth == 0) {
          throw new AxdrException(
              "compact-array describes an array of " + count + " elements that occupy no bytes");
        }
        return new TypeDescription(
            t, List.of(element), count, saturatedProduct(count, element.minWidth));
      }
      if (t == DataType.STRUCTURE) {
        int n = r.length("compact-array structure");
        if (n > r.remaining()) {
          throw new AxdrException(
              "compact-array structure of "
                  + n
                  + " fields cannot fit in "
                  + r.remaining()
                  + " bytes");
        }
        List<TypeDescription> f = new ArrayList<>(n);
        long width = 0;
        for (int i = 0; i < n; i++) {
          TypeDescription field = read(r, depth + 1);
          f.add(field);
          width = Math.min(Long.MAX_VALUE / 2, width + field.minWidth);
        }
        return new TypeDescription(t, f, n, width);
      }
      return new TypeDescription(t, List.of(), 0, simpleWidth(t));
    }

    DlmsData readValue(AxdrReader r, int depth, DecodeBudget budget) {
      if (type == DataType.STRUCTURE) {
        DecodeBudget.checkDepth(depth);
        budget.spend("compact-array structure");
        List<DlmsData> items = new ArrayList<>(fields.size());
        for (TypeDescription f : fields) {
          items.add(f.readValue(r, depth + 1, budget));
        }
        return new DlmsData.Composite(DataType.STRUCTURE, items);
      }
      if (type == DataType.ARRAY) {
        DecodeBudget.checkDepth(depth);
        budget.spend("compact-array array");
        if (minWidth > r.remaining()) {
          throw new AxdrException(
              "compact-array element of "
                  + count
                  + " values needs at least "
                  + minWidth
                  + " bytes, "
                  + r.remaining()
                  + " left");
        }
        List<DlmsData> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          items.add(fields.get(0).readValue(r, depth + 1, budget));
        }
        return new DlmsData.Composite(DataType.ARRAY, items);
      }
      return DataCodec.decodeValue(type, r, depth, budget);
    }

    /** The fewest content bytes a value of a simple type occupies (strings: their length byte). */
    private static long simpleWidth(DataType t) {
      return switch (t) {
        case NULL_DATA, DONT_CARE -> 0;
        case BOOLEAN, INTEGER, UNSIGNED, ENUM, BCD -> 1;
        case LONG, LONG_UNSIGNED -> 2;
        case DOUBLE_LONG, DOUBLE_LONG_UNSIGNED, FLOAT32, TIME -> 4;
        case DATE -> 5;
        case LONG64, LONG64_UNSIGNED, FLOAT64 -> 8;
        case DATE_TIME -> 12;
        case OCTET_STRING, VISIBLE_STRING, UTF8_STRING, BIT_STRING -> 1;
        default ->
            throw new AxdrException(
                "type " + t + " cannot appear in a compact-array type description");
      };
    }

    private static long saturatedProduct(int count, long width) {
      return width > Long.MAX_VALUE / 2 / Math.max(1, count) ? Long.MAX_VALUE / 2 : count * width;
    }
  }
}
