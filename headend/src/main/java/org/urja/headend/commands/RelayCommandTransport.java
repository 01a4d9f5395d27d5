package org.urja.headend.commands;

import java.util.concurrent.CompletableFuture;

/** How a relay switch reaches a meter: DLMS over its TCP connection, or a gateway over MQTT. */
@FunctionalInterface
public interface RelayCommandTransport {
  CompletableFuture<RelayState> send(String meterSerial, RelaySwitch command);
}
