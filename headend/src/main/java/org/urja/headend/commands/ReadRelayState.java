package org.urja.headend.commands;

import static org.urja.protocol.cosem.CosemObjects.DISCONNECT_CONTROL;

import java.util.concurrent.CompletableFuture;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.CosemClient;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects.Disconnect;

/** Reads the Disconnect control object's output_state, control_state and control_mode. */
public final class ReadRelayState implements MeterCommand<RelayState> {
  @Override
  public String name() {
    return "read_relay_state";
  }

  @Override
  public CompletableFuture<RelayState> execute(CosemClient meter) {
    CompletableFuture<DlmsData> output =
        meter.get(AttributeRef.of(DISCONNECT_CONTROL, Disconnect.ATTR_OUTPUT_STATE));
    CompletableFuture<DlmsData> state =
        meter.get(AttributeRef.of(DISCONNECT_CONTROL, Disconnect.ATTR_CONTROL_STATE));
    CompletableFuture<DlmsData> mode =
        meter.get(AttributeRef.of(DISCONNECT_CONTROL, Disconnect.ATTR_CONTROL_MODE));
    return output
        .thenCombine(state, (o, s) -> new Object[] {o, s})
        .thenCombine(
            mode,
            (os, m) ->
                new RelayState(bool((DlmsData) os[0]), integer((DlmsData) os[1]), integer(m)));
  }

  static boolean bool(DlmsData d) {
    if (d instanceof DlmsData.Bool b) {
      return b.value();
    }
    throw new IllegalStateException("output_state should be a boolean, meter sent " + d);
  }

  static int integer(DlmsData d) {
    if (d instanceof DlmsData.Int i) {
      return (int) i.value();
    }
    throw new IllegalStateException(
        "control_state/control_mode should be an enum, meter sent " + d);
  }
}
