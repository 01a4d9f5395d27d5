package org.urja.protocol.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.CosemClient;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.cosem.CosemObjects.Disconnect;
import org.urja.protocol.cosem.MethodRef;
import org.urja.protocol.profile.ProfileBufferDecoder;
import org.urja.protocol.profile.ProfileQueries;
import org.urja.protocol.profile.ProfileRow;
import org.urja.protocol.server.TestMeter;

/** What the head-end does to a meter, the same whichever client carries it. */
final class MeterScenario {
  static final Duration WAIT = Duration.ofSeconds(10);

  private MeterScenario() {}

  static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  static void readsTheEnergyRegisterWithItsScaler(CosemClient c) throws Exception {
    assertThat(await(c.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2))))
        .isEqualTo(DlmsData.u32(TestMeter.ENERGY_WH));
    assertThat(await(c.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 3))))
        .isEqualTo(DlmsData.structure(DlmsData.i8(0), DlmsData.enumOf(30)));
  }

  static void readsOnlyTheProfileRowsInTheRange(CosemClient c) throws Exception {
    DlmsData columns = await(c.get(AttributeRef.of(CosemObjects.BLOCK_LOAD_PROFILE, 3)));
    AttributeRef buffer =
        AttributeRef.of(CosemObjects.BLOCK_LOAD_PROFILE, 2)
            .withAccess(
                ProfileQueries.byRange(
                    CosemObjects.CLOCK,
                    TestMeter.rowTime(3),
                    TestMeter.rowTime(5),
                    TestMeter.IST,
                    TestMeter.SIGN));
    List<ProfileRow> rows = ProfileBufferDecoder.rows(await(c.get(buffer)), columns);

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).capturedAt(TestMeter.SIGN, TestMeter.IST))
        .contains(TestMeter.rowTime(3));
    assertThat(rows.get(2).capturedAt(TestMeter.SIGN, TestMeter.IST))
        .contains(TestMeter.rowTime(5));
    assertThat(rows.get(1).value(CosemObjects.ACTIVE_ENERGY_IMPORT.obis(), 2))
        .contains(DlmsData.u32(TestMeter.energyAt(4)));
  }

  static void disconnectsAndReconnectsTheRelay(CosemClient c) throws Exception {
    AttributeRef output =
        AttributeRef.of(CosemObjects.DISCONNECT_CONTROL, Disconnect.ATTR_OUTPUT_STATE);
    AttributeRef control =
        AttributeRef.of(CosemObjects.DISCONNECT_CONTROL, Disconnect.ATTR_CONTROL_STATE);

    await(
        c.action(
            MethodRef.of(CosemObjects.DISCONNECT_CONTROL, Disconnect.METHOD_REMOTE_DISCONNECT),
            DlmsData.i8(0)));
    assertThat(await(c.get(output))).isEqualTo(DlmsData.bool(false));
    assertThat(await(c.get(control))).isEqualTo(DlmsData.enumOf(0));

    await(
        c.action(
            MethodRef.of(CosemObjects.DISCONNECT_CONTROL, Disconnect.METHOD_REMOTE_RECONNECT),
            DlmsData.i8(0)));
    assertThat(await(c.get(output))).isEqualTo(DlmsData.bool(true));
    assertThat(await(c.get(control))).isEqualTo(DlmsData.enumOf(1));
  }
}
