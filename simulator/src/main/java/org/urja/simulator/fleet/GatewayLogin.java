package org.urja.simulator.fleet;

import java.util.function.Function;
import javax.net.SocketFactory;

/**
 * How simulated gateways log in to the broker, as real DCUs with per-device credentials do: each as
 * its own client id for username, over TLS when a socket factory is given.
 *
 * @param tls for {@code ssl://} brokers; null for plain TCP
 * @param passwordOf the password of a gateway by its client id; null (or a null password) logs in
 *     anonymously
 */
public record GatewayLogin(SocketFactory tls, Function<String, String> passwordOf) {
  public static final GatewayLogin ANONYMOUS = new GatewayLogin(null, null);

  String password(String clientId) {
    return passwordOf == null ? null : passwordOf.apply(clientId);
  }
}
