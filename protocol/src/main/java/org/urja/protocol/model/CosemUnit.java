package org.urja.protocol.model;

/** The COSEM unit enumeration (IEC 62056-6-2, scaler_unit) for the units a head-end stores. */
public enum CosemUnit {
  WATT(27, "W"),
  VOLT_AMPERE(28, "VA"),
  VAR(29, "var"),
  WATT_HOUR(30, "Wh"),
  VOLT_AMPERE_HOUR(31, "VAh"),
  VAR_HOUR(32, "varh"),
  AMPERE(33, "A"),
  VOLT(35, "V"),
  HERTZ(44, "Hz"),
  SECOND(7, "s"),
  COUNT(255, "");

  private final int code;
  private final String symbol;

  CosemUnit(int code, String symbol) {
    this.code = code;
    this.symbol = symbol;
  }

  public int code() {
    return code;
  }

  public String symbol() {
    return symbol;
  }

  public static CosemUnit ofCode(int code) {
    for (CosemUnit u : values()) {
      if (u.code == code) {
        return u;
      }
    }
    return COUNT;
  }

  public static CosemUnit ofSymbol(String symbol) {
    for (CosemUnit u : values()) {
      if (u.symbol.equalsIgnoreCase(symbol)) {
        return u;
      }
    }
    throw new IllegalArgumentException("unknown unit symbol '" + symbol + "'");
  }
}
