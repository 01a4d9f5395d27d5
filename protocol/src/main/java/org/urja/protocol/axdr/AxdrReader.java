package org.urja.protocol.axdr;

import java.util.HexFormat;

/**
 * A cursor over an A-XDR encoded byte array. Every read checks bounds and says what was cut short.
 */
public final class AxdrReader {
  private final byte[] buf;
  private final int end;
  private int pos;

  public AxdrReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public AxdrReader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return end - pos;
  }

  public boolean hasRemaining() {
    return pos < end;
  }

  private void need(int n, String what) {
    if (end - pos < n) {
      throw new AxdrException(
          "truncated "
              + what
              + ": need "
              + n
              + " byte(s) at offset "
              + pos
              + ", have "
              + (end - pos));
    }
  }

  public int u8(String what) {
    need(1, what);
    return buf[pos++] & 0xFF;
  }

  public int peekU8() {
    need(1, "tag");
    return buf[pos] & 0xFF;
  }

  public int u16(String what) {
    need(2, what);
    int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  public long u32(String what) {
    need(4, what);
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  public long s64(String what) {
    need(8, what);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  public byte[] bytes(int n, String what) {
    if (n < 0) {
      throw new AxdrException("negative length for " + what);
    }
    need(n, what);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  /** A-XDR length: one byte below 0x80, else 0x8N and N big-endian bytes. */
  public int length(String what) {
    int first = u8(what + " length");
    if (first < 0x80) {
      return first;
    }
    int n = first & 0x7F;
    if (n == 0 || n > 4) {
      throw new AxdrException(
          "bad length-of-length " + n + " for " + what + " at offset " + (pos - 1));
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | u8(what + " length");
    }
    if (v > Integer.MAX_VALUE || v > remaining() + (long) Integer.MAX_VALUE) {
      throw new AxdrException("length " + v + " of " + what + " is too large");
    }
    return (int) v;
  }

  public String hexAround() {
    int from = Math.max(0, pos - 8);
    int to = Math.min(end, pos + 8);
    return HexFormat.of().formatHex(buf, from, to);
  }
}
