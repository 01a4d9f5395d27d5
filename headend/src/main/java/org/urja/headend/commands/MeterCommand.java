package org.urja.headend.commands;

import java.util.concurrent.CompletableFuture;
import org.urja.protocol.client.CosemClient;

/**
 * A thing the head-end does to a meter (disconnect, reconnect, read a profile, …). Each is a small
 * class behind this one shape, so connection handling, timeouts, metrics and audit are written once
 * in {@link CommandRunner}.
 */
public interface MeterCommand<R> {
  /** A short stable name for metrics and the audit log ("remote_disconnect"). */
  String name();

  /**
   * Which association it needs: reading commands may run over the public client, switching ones may
   * not.
   */
  default CommandPurpose purpose() {
    return CommandPurpose.READ;
  }

  CompletableFuture<R> execute(CosemClient meter);
}
