package org.urja.headend.commands;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.urja.ingest.session.MeterSessions;

/**
 * Picks the way to a meter for each relay command: DLMS when the meter has a TCP session on this
 * node (the meter is right there, and DLMS reads the state back itself), else its gateway over MQTT
 * when the node has an MQTT transport (a meter with a dial address is dialled over DLMS instead:
 * see the constructor taking {@code overDlms}), else {@link MeterUnreachableException} so the
 * dispatcher retries later — perhaps on the node the meter has dialled by then.
 *
 * <p>A TCP meter whose command fails is not tried over MQTT: the failure says something about that
 * meter, and the dispatcher's retry comes back here and routes afresh.
 */
public final class RoutingRelayTransport implements RelayCommandTransport {
  private final Predicate<String> overDlms;
  private final RelayCommandTransport overTcp;
  private final Optional<? extends RelayCommandTransport> overMqtt;

  public RoutingRelayTransport(
      MeterSessions sessions,
      RelayCommandTransport overTcp,
      Optional<? extends RelayCommandTransport> overMqtt) {
    this(serial -> sessions.find(serial).isPresent(), overTcp, overMqtt);
  }

  /**
   * @param overDlms whether this node reaches the meter over DLMS (its connection here, or a dial
   *     address: {@code MeterConnector::reachable})
   */
  public RoutingRelayTransport(
      Predicate<String> overDlms,
      RelayCommandTransport overTcp,
      Optional<? extends RelayCommandTransport> overMqtt) {
    this.overDlms = overDlms;
    this.overTcp = overTcp;
    this.overMqtt = overMqtt;
  }

  @Override
  public CompletableFuture<RelayState> send(String meterSerial, RelaySwitch command) {
    if (overDlms.test(meterSerial)) {
      return overTcp.send(meterSerial, command);
    }
    if (overMqtt.isPresent()) {
      return overMqtt.get().send(meterSerial, command);
    }
    return CompletableFuture.failedFuture(new MeterUnreachableException(meterSerial));
  }
}
