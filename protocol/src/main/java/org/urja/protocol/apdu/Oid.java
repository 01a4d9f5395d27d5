package org.urja.protocol.apdu;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.urja.protocol.axdr.AxdrException;

/**
 * BER content octets of an OBJECT IDENTIFIER, to keep names readable ("2.16.756.5.8.1.1") in
 * records.
 */
final class Oid {
  private Oid() {}

  static byte[] encode(String dotted) {
    String[] p = dotted.split("\\.");
    if (p.length < 2) {
      throw new IllegalArgumentException("object identifier needs two arcs: " + dotted);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    base128(out, Long.parseLong(p[0]) * 40 + Long.parseLong(p[1]));
    for (int i = 2; i < p.length; i++) {
      base128(out, Long.parseLong(p[i]));
    }
    return out.toByteArray();
  }

  private static void base128(ByteArrayOutputStream out, long v) {
    int groups = 1;
    while ((v >>> (7 * groups)) != 0) {
      groups++;
    }
    for (int g = groups - 1; g >= 0; g--) {
      int b = (int) ((v >>> (7 * g)) & 0x7F);
      out.write(g == 0 ? b : b | 0x80);
    }
  }

  static String decode(byte[] content) {
    if (content.length == 0) {
      throw new AxdrException("empty object identifier");
    }
    List<Long> arcs = new ArrayList<>();
    long v = 0;
    for (int i = 0; i < content.length; i++) {
      v = (v << 7) | (content[i] & 0x7F);
      if ((content[i] & 0x80) == 0) {
        arcs.add(v);
        v = 0;
      } else if (i == content.length - 1 || v > (Long.MAX_VALUE >>> 7)) {
        throw new AxdrException("malformed object identifier");
      }
    }
    long first = arcs.get(0);
    long a = Math.min(first / 40, 2);
    StringBuilder sb = new StringBuilder().append(a).append('.').append(first - 40 * a);
    for (int i = 1; i < arcs.size(); i++) {
      sb.append('.').append(arcs.get(i));
    }
    return sb.toString();
  }
}
