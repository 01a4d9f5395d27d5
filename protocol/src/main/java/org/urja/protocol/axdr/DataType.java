package org.urja.protocol.axdr;

/** The tags of the COSEM Data CHOICE (IEC 62056-6-2, "Data" in the xDLMS ASN.1). */
public enum DataType {
  NULL_DATA(0),
  ARRAY(1),
  STRUCTURE(2),
  BOOLEAN(3),
  BIT_STRING(4),
  DOUBLE_LONG(5),
  DOUBLE_LONG_UNSIGNED(6),
  OCTET_STRING(9),
  VISIBLE_STRING(10),
  UTF8_STRING(12),
  BCD(13),
  INTEGER(15),
  LONG(16),
  UNSIGNED(17),
  LONG_UNSIGNED(18),
  COMPACT_ARRAY(19),
  LONG64(20),
  LONG64_UNSIGNED(21),
  ENUM(22),
  FLOAT32(23),
  FLOAT64(24),
  DATE_TIME(25),
  DATE(26),
  TIME(27),
  DONT_CARE(255);

  private static final DataType[] BY_TAG = new DataType[256];

  static {
    for (DataType t : values()) {
      BY_TAG[t.tag] = t;
    }
  }

  private final int tag;

  DataType(int tag) {
    this.tag = tag;
  }

  public int tag() {
    return tag;
  }

  /** Returns null for a tag that is not a Data choice. */
  public static DataType ofTag(int tag) {
    return tag >= 0 && tag < 256 ? BY_TAG[tag] : null;
  }

  /** Width in bytes of a fixed-size integer type, 0 for others. */
  int integerWidth() {
    return switch (this) {
      case INTEGER, UNSIGNED, ENUM, BCD -> 1;
      case LONG, LONG_UNSIGNED -> 2;
      case DOUBLE_LONG, DOUBLE_LONG_UNSIGNED -> 4;
      case LONG64, LONG64_UNSIGNED -> 8;
      default -> 0;
    };
  }

  boolean isUnsigned() {
    return this == UNSIGNED
        || this == LONG_UNSIGNED
        || this == DOUBLE_LONG_UNSIGNED
        || this == LONG64_UNSIGNED
        || this == ENUM
        || this == BCD;
  }
}
