package org.urja.headend.commands;

import static org.urja.protocol.cosem.CosemObjects.DISCONNECT_CONTROL;

import java.util.concurrent.CompletableFuture;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.CosemClient;
import org.urja.protocol.cosem.CosemObjects.Disconnect;
import org.urja.protocol.cosem.MethodRef;

/**
 * remote_disconnect (method 1) or remote_reconnect (method 2) on the Disconnect control object,
 * then the state read back: only the read-back says what the relay did (in control modes 1, 3, 5
 * and 6 a reconnect only arms the meter for the consumer's button).
 */
public final class RelaySwitch implements MeterCommand<RelayState> {
  private final boolean reconnect;

  private RelaySwitch(boolean reconnect) {
    this.reconnect = reconnect;
  }

  public static RelaySwitch disconnect() {
    return new RelaySwitch(false);
  }

  public static RelaySwitch reconnect() {
    return new RelaySwitch(true);
  }

  @Override
  public String name() {
    return reconnect ? "remote_reconnect" : "remote_disconnect";
  }

  /** The utility-settings (management) association: meters grant ACTION on class 70 to no other. */
  @Override
  public CommandPurpose purpose() {
    return CommandPurpose.ACTION;
  }

  @Override
  public CompletableFuture<RelayState> execute(CosemClient meter) {
    int method =
        reconnect ? Disconnect.METHOD_REMOTE_RECONNECT : Disconnect.METHOD_REMOTE_DISCONNECT;
    // the methods take data ::= integer(0) (IEC 62056-6-2, class 70)
    return meter
        .action(MethodRef.of(DISCONNECT_CONTROL, method), DlmsData.i8(0))
        .thenCompose(ignored -> new ReadRelayState().execute(meter));
  }
}
