package org.urja.protocol.model;

import java.math.BigDecimal;
import org.urja.protocol.axdr.DlmsData;

/** A register's scaler_unit (attribute 3): value × 10^scaler in unit. */
public record RegisterScaling(int scaler, CosemUnit unit) {
  public static final RegisterScaling UNSCALED = new RegisterScaling(0, CosemUnit.COUNT);

  /** The physical value of a raw register value, exactly (long64-unsigned included). */
  public BigDecimal apply(DlmsData.Int raw) {
    return new BigDecimal(raw.bigValue()).scaleByPowerOfTen(scaler);
  }

  /** The raw register value for a physical value: what a meter stores for {@code value}. */
  public long raw(BigDecimal value) {
    return value.scaleByPowerOfTen(-scaler).longValueExact();
  }

  public DlmsData toData() {
    return DlmsData.structure(DlmsData.i8(scaler), DlmsData.enumOf(unit.code()));
  }
}
