package org.urja.protocol.axdr;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A decoded COSEM Data value. Sealed so that code handling values can switch over every kind the
 * wire may carry.
 */
public sealed interface DlmsData {

  DataType type();

  /** The null-data choice, also used for don't-care. */
  record Null(DataType type) implements DlmsData {
    public static final Null INSTANCE = new Null(DataType.NULL_DATA);
  }

  record Bool(boolean value) implements DlmsData {
    @Override
    public DataType type() {
      return DataType.BOOLEAN;
    }
  }

  /**
   * Every fixed-width integer type, and enum. long64-unsigned values above Long.MAX_VALUE are held
   * in two's complement; {@link #bigValue()} gives the true value.
   */
  record Int(DataType type, long value) implements DlmsData {
    public Int {
      if (type.integerWidth() == 0) {
        throw new IllegalArgumentException(type + " is not an integer type");
      }
    }

    public BigInteger bigValue() {
      if (type == DataType.LONG64_UNSIGNED && value < 0) {
        return new BigInteger(Long.toUnsignedString(value));
      }
      return BigInteger.valueOf(value);
    }
  }

  record Float32(float value) implements DlmsData {
    @Override
    public DataType type() {
      return DataType.FLOAT32;
    }
  }

  record Float64(double value) implements DlmsData {
    @Override
    public DataType type() {
      return DataType.FLOAT64;
    }
  }

  /** octet-string, and the fixed-length date-time (12), date (5) and time (4) types. */
  record Octets(DataType type, byte[] value) implements DlmsData {
    public Octets {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    public int length() {
      return value.length;
    }

    /** True when this octet-string has the shape of a COSEM date-time (12 bytes). */
    public boolean looksLikeDateTime() {
      return value.length == 12;
    }

    /** Printable ASCII, as meters put logical device names and serials into octet-strings. */
    public String asText() {
      return new String(value, StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Octets other && other.type == type && Arrays.equals(other.value, value);
    }

    @Override
    public int hashCode() {
      return type.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return type + "[" + HexFormat.of().formatHex(value) + "]";
    }
  }

  /** visible-string and utf8-string. */
  record Text(DataType type, String value) implements DlmsData {}

  record BitString(byte[] bits, int bitCount) implements DlmsData {
    public BitString {
      bits = bits.clone();
    }

    @Override
    public byte[] bits() {
      return bits.clone();
    }

    @Override
    public DataType type() {
      return DataType.BIT_STRING;
    }

    public boolean bit(int i) {
      return (bits[i / 8] & (0x80 >>> (i % 8))) != 0;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BitString other
          && other.bitCount == bitCount
          && Arrays.equals(other.bits, bits);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bits) * 31 + bitCount;
    }
  }

  /** array (every element of one type) and structure (fields in order). */
  record Composite(DataType type, List<DlmsData> items) implements DlmsData {
    public Composite {
      items = List.copyOf(items);
    }

    public DlmsData get(int i) {
      return items.get(i);
    }

    public int size() {
      return items.size();
    }
  }

  /**
   * The text of an octet-string or a visible/UTF-8 string, trimmed, as meters put serials and
   * logical device names in either.
   */
  static java.util.Optional<String> textOf(DlmsData d) {
    if (d instanceof Octets o) {
      return java.util.Optional.of(o.asText().trim());
    }
    if (d instanceof Text t) {
      return java.util.Optional.of(t.value().trim());
    }
    return java.util.Optional.empty();
  }

  // -- factories that keep call sites short ------------------------------------------------

  static DlmsData structure(DlmsData... items) {
    return new Composite(DataType.STRUCTURE, List.of(items));
  }

  static DlmsData structure(List<DlmsData> items) {
    return new Composite(DataType.STRUCTURE, items);
  }

  static DlmsData array(List<DlmsData> items) {
    return new Composite(DataType.ARRAY, items);
  }

  static DlmsData octets(byte[] v) {
    return new Octets(DataType.OCTET_STRING, v);
  }

  static DlmsData visible(String s) {
    return new Text(DataType.VISIBLE_STRING, s);
  }

  static DlmsData u8(int v) {
    return new Int(DataType.UNSIGNED, v);
  }

  static DlmsData u16(int v) {
    return new Int(DataType.LONG_UNSIGNED, v);
  }

  static DlmsData u32(long v) {
    return new Int(DataType.DOUBLE_LONG_UNSIGNED, v);
  }

  static DlmsData i8(int v) {
    return new Int(DataType.INTEGER, v);
  }

  static DlmsData i16(int v) {
    return new Int(DataType.LONG, v);
  }

  static DlmsData i32(int v) {
    return new Int(DataType.DOUBLE_LONG, v);
  }

  static DlmsData u64(long v) {
    return new Int(DataType.LONG64_UNSIGNED, v);
  }

  static DlmsData enumOf(int v) {
    return new Int(DataType.ENUM, v);
  }

  static DlmsData bool(boolean v) {
    return new Bool(v);
  }
}
