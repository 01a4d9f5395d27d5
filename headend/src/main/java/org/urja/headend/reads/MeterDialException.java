package org.urja.headend.reads;

import java.net.InetSocketAddress;

/**
 * A listening meter could not be dialled (refused, unreachable, or no answer within the connect
 * timeout).
 */
public final class MeterDialException extends RuntimeException {
  public MeterDialException(InetSocketAddress address, Throwable cause) {
    super(
        "could not dial meter at "
            + address.getHostString()
            + ":"
            + address.getPort()
            + ": "
            + (cause == null ? "unknown reason" : cause.getMessage()),
        cause);
  }
}
