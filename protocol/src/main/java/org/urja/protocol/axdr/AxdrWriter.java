package org.urja.protocol.axdr;

import java.util.Arrays;

/** A growable A-XDR output buffer. */
public final class AxdrWriter {
  private byte[] buf;
  private int size;

  public AxdrWriter() {
    this(64);
  }

  public AxdrWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  private void ensure(int n) {
    if (size + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }
  }

  public AxdrWriter u8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  public AxdrWriter u16(int v) {
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public AxdrWriter u32(long v) {
    ensure(4);
    for (int i = 3; i >= 0; i--) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  public AxdrWriter s64(long v) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  public AxdrWriter bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  public AxdrWriter bytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
    return this;
  }

  public AxdrWriter length(int n) {
    if (n < 0x80) {
      return u8(n);
    }
    if (n <= 0xFF) {
      return u8(0x81).u8(n);
    }
    if (n <= 0xFFFF) {
      return u8(0x82).u16(n);
    }
    return u8(0x84).u32(n);
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
