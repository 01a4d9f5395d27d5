package org.urja.headend.reads;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Where a listening meter takes the head-end's calls: {@code host:port} (a name, an IPv4 address,
 * or an IPv6 address in brackets). Kept as the operator wrote it; resolved only when dialled.
 */
public record DialAddress(String host, int port) {
  public DialAddress {
    if (host == null || host.isBlank() || host.length() > 253) {
      throw new IllegalArgumentException("host must be a name or an address");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535");
    }
  }

  /** The address in {@code text}, or a reason it is not one. */
  public static DialAddress parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "a dial address is host:port (e.g. 10.20.1.7:4059 or [fd00::7]:4059), got '"
                        + text
                        + "'"));
  }

  public static Optional<DialAddress> tryParse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim();
    int colon = t.lastIndexOf(':');
    if (colon <= 0 || colon == t.length() - 1) {
      return Optional.empty();
    }
    String host = t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      return Optional.empty(); // IPv6 without brackets: ambiguous port
    }
    if (!host.matches("[A-Za-z0-9.:_-]+")) {
      return Optional.empty();
    }
    try {
      int port = Integer.parseInt(t.substring(colon + 1));
      return port < 1 || port > 65535 ? Optional.empty() : Optional.of(new DialAddress(host, port));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public InetSocketAddress socketAddress() {
    return InetSocketAddress.createUnresolved(host, port);
  }

  @Override
  public String toString() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }
}
