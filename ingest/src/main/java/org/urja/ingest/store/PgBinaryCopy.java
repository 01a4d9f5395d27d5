package org.urja.ingest.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Encodes rows in PostgreSQL's binary COPY format (see the COPY reference, "Binary Format"):
 * header, per row a field count and length-prefixed fields, trailer -1. Binary avoids parsing text
 * on the server, which is most of COPY's cost.
 */
final class PgBinaryCopy {

  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };
  private static final long PG_EPOCH_MICROS = 946_684_800_000_000L; // 2000-01-01T00:00:00Z
  private static final short NUMERIC_POS = 0x0000;
  private static final short NUMERIC_NEG = 0x4000;

  private final ByteArrayOutputStream bytes;
  private final DataOutputStream out;

  PgBinaryCopy(int expectedBytes) {
    bytes = new ByteArrayOutputStream(Math.max(expectedBytes, 64));
    out = new DataOutputStream(bytes);
    try {
      out.write(SIGNATURE);
      out.writeInt(0); // flags
      out.writeInt(0); // header extension length
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void startRow(int fields) {
    try {
      out.writeShort(fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void int8(long v) {
    try {
      out.writeInt(8);
      out.writeLong(v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void int2(short v) {
    try {
      out.writeInt(2);
      out.writeShort(v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void int4(int v) {
    try {
      out.writeInt(4);
      out.writeInt(v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A NULL field: length -1 and no bytes. */
  void nullField() {
    try {
      out.writeInt(-1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void text(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    try {
      out.writeInt(b.length);
      out.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Microseconds since 2000-01-01 UTC; sub-microsecond digits are cut, as the server would. */
  void timestamptz(Instant ts) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, ts);
    int8(micros - PG_EPOCH_MICROS);
  }

  /**
   * Numeric's wire form: ndigits, weight, sign, dscale, then base-10000 digits, most significant
   * first; value = sum(digit[i] * 10000^(weight - i)). Exact for any BigDecimal.
   */
  void numeric(BigDecimal value) {
    int dscale = Math.max(value.scale(), 0);
    BigDecimal abs = value.abs();
    if (abs.scale() < 0) {
      abs = abs.setScale(0);
    }
    // Pad the scale to a multiple of 4 so the fraction splits into whole base-10000 digits.
    int scale = abs.scale();
    int pad = (4 - scale % 4) % 4;
    BigInteger unscaled = abs.unscaledValue().multiply(BigInteger.TEN.pow(pad));
    int fractionGroups = (scale + pad) / 4;
    String decimal = unscaled.toString();
    int lead = (4 - decimal.length() % 4) % 4;
    decimal = "0".repeat(lead) + decimal;
    int groups = decimal.length() / 4;
    short[] digits = new short[groups];
    for (int i = 0; i < groups; i++) {
      digits[i] = Short.parseShort(decimal.substring(i * 4, i * 4 + 4));
    }
    int weight = groups - fractionGroups - 1;
    int first = 0;
    while (first < groups && digits[first] == 0) {
      first++;
      weight--;
    }
    int last = groups - 1;
    while (last >= first && digits[last] == 0) {
      last--;
    }
    int ndigits = last - first + 1;
    if (ndigits <= 0) {
      ndigits = 0;
      weight = 0;
    }
    try {
      out.writeInt(8 + 2 * ndigits);
      out.writeShort(ndigits);
      out.writeShort(weight);
      out.writeShort(value.signum() < 0 ? NUMERIC_NEG : NUMERIC_POS);
      out.writeShort(dscale);
      for (int i = first; i < first + ndigits; i++) {
        out.writeShort(digits[i]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] finish() {
    try {
      out.writeShort(-1);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
