package org.urja.protocol.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.ActionResult;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.cosem.DataAccessResult;
import org.urja.protocol.cosem.MethodRef;
import org.urja.protocol.cosem.SelectiveAccess;

class DataServiceApduTest {

  @Test
  void readingTheEnergyRegisterValueIsTheTextbookGetRequest() {
    // Laid out as the Green Book's GET-Request-Normal example (there for 1.1.1.8.0.255); here
    // class 3, 1.0.1.8.0.255, attribute 2, no access selection, invoke-id-and-priority C1
    // (high priority, confirmed, invoke id 1).
    byte[] wire = Hex.bytes("C0 01 C1 00 03 01 00 01 08 00 FF 02 00");
    GetRequestNormal req = GetRequestNormal.decode(wire);

    assertThat(req.invokeIdAndPriority()).isEqualTo(0xC1);
    assertThat(InvokeIdAndPriority.invokeId(req.invokeIdAndPriority())).isEqualTo(1);
    assertThat(req.attribute()).isEqualTo(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2));
    assertThat(req.encode()).isEqualTo(wire);
  }

  @Test
  void aGetResponseCarriesTheValueOrTheRefusal() {
    // double-long-unsigned 12345 Wh
    byte[] ok = Hex.bytes("C4 01 C1 00 06 00 00 30 39");
    GetResponseNormal resp = (GetResponseNormal) CosemPdu.decode(ok);
    assertThat(resp.data()).contains(DlmsData.u32(12345));
    assertThat(resp.encode()).isEqualTo(ok);

    byte[] refused = Hex.bytes("C4 01 C1 01 04");
    GetResponseNormal no = GetResponseNormal.decode(refused);
    assertThat(no.result()).isEqualTo(DataAccessResult.OBJECT_UNDEFINED);
    assertThat(no.data()).isEmpty();
    assertThat(no.encode()).isEqualTo(refused);
  }

  @Test
  void aGetRequestWithSelectiveAccessKeepsSelectorAndParameters() {
    AttributeRef ref =
        AttributeRef.of(CosemObjects.BLOCK_LOAD_PROFILE, 2)
            .withAccess(
                new SelectiveAccess(
                    SelectiveAccess.BY_ENTRY,
                    DlmsData.structure(
                        DlmsData.u32(1), DlmsData.u32(4), DlmsData.u16(1), DlmsData.u16(0))));
    GetRequestNormal req = new GetRequestNormal(InvokeIdAndPriority.confirmed(3), ref);
    byte[] wire = req.encode();

    assertThat(Hex.of(wire))
        .startsWith("C0 01 43 00 07 01 00 63 01 00 FF 02 01 02 02 04 06 00 00 00 01");
    assertThat(GetRequestNormal.decode(wire)).isEqualTo(req);
  }

  @Test
  void getNextAndDataBlocksRoundTrip() {
    GetRequestNext next = new GetRequestNext(0xC1, 1);
    assertThat(Hex.of(next.encode())).isEqualTo("C0 02 C1 00 00 00 01");
    assertThat(CosemPdu.decode(next.encode())).isEqualTo(next);

    GetResponseWithDatablock block =
        GetResponseWithDatablock.block(0xC1, false, 1, new byte[] {1, 2, 3});
    byte[] wire = block.encode();
    assertThat(Hex.of(wire)).isEqualTo("C4 02 C1 00 00 00 00 01 00 03 01 02 03");
    GetResponseWithDatablock back = (GetResponseWithDatablock) CosemPdu.decode(wire);
    assertThat(back.lastBlock()).isFalse();
    assertThat(back.blockNumber()).isEqualTo(1);
    assertThat(back.rawData().orElseThrow()).containsExactly(1, 2, 3);

    GetResponseWithDatablock failed =
        GetResponseWithDatablock.decode(
            GetResponseWithDatablock.failure(0xC1, 2, DataAccessResult.DATA_BLOCK_NUMBER_INVALID)
                .encode());
    assertThat(failed.result()).isEqualTo(DataAccessResult.DATA_BLOCK_NUMBER_INVALID);
    assertThat(failed.lastBlock()).isTrue();
  }

  @Test
  void setRequestAndResponseRoundTrip() {
    SetRequestNormal set =
        new SetRequestNormal(
            0xC1, AttributeRef.of(CosemObjects.DISCONNECT_CONTROL, 4), DlmsData.enumOf(2));
    byte[] wire = set.encode();
    assertThat(Hex.of(wire)).isEqualTo("C1 01 C1 00 46 00 00 60 03 0A FF 04 00 16 02");
    assertThat(SetRequestNormal.decode(wire)).isEqualTo(set);
    assertThat(Hex.of(new SetResponseNormal(0xC1, DataAccessResult.READ_WRITE_DENIED).encode()))
        .isEqualTo("C5 01 C1 03");
  }

  @Test
  void remoteDisconnectIsAnActionOnMethodOneWithAnIntegerParameter() {
    ActionRequestNormal act =
        new ActionRequestNormal(
            0xC1, MethodRef.of(CosemObjects.DISCONNECT_CONTROL, 1), Optional.of(DlmsData.i8(0)));
    byte[] wire = act.encode();
    assertThat(Hex.of(wire)).isEqualTo("C3 01 C1 00 46 00 00 60 03 0A FF 01 01 0F 00");
    assertThat(ActionRequestNormal.decode(wire)).isEqualTo(act);

    ActionRequestNormal noParams =
        new ActionRequestNormal(
            0x41, MethodRef.of(CosemObjects.DISCONNECT_CONTROL, 2), Optional.empty());
    assertThat(ActionRequestNormal.decode(noParams.encode())).isEqualTo(noParams);
  }

  @Test
  void actionResponsesWithAndWithoutReturnData() {
    assertThat(
            Hex.of(ActionResponseNormal.of(0xC1, ActionResult.SUCCESS, Optional.empty()).encode()))
        .isEqualTo("C7 01 C1 00 00");
    ActionResponseNormal withData =
        ActionResponseNormal.of(0xC1, ActionResult.SUCCESS, Optional.of(DlmsData.u8(7)));
    assertThat(Hex.of(withData.encode())).isEqualTo("C7 01 C1 00 01 00 11 07");
    assertThat(ActionResponseNormal.decode(withData.encode())).isEqualTo(withData);
    ActionResponseNormal refused = ActionResponseNormal.decode(Hex.bytes("C7 01 C1 03 00"));
    assertThat(refused.result()).isEqualTo(ActionResult.READ_WRITE_DENIED);
  }

  @Test
  void exceptionResponseNamesTheStateAndServiceError() {
    ExceptionResponse e = ExceptionResponse.decode(Hex.bytes("D8 01 01"));
    assertThat(e.stateError()).isEqualTo(ExceptionResponse.SERVICE_NOT_ALLOWED);
    assertThat(e.serviceError()).isEqualTo(ExceptionResponse.OPERATION_NOT_POSSIBLE);
    ExceptionResponse counter =
        new ExceptionResponse(1, ExceptionResponse.INVOCATION_COUNTER_ERROR, 42);
    assertThat(ExceptionResponse.decode(counter.encode())).isEqualTo(counter);
  }

  @Test
  void servicesNotImplementedAndTruncatedApdusFailDifferently() {
    // GET-Request-With-List
    assertThatThrownBy(
            () -> CosemPdu.decode(Hex.bytes("C0 03 C1 02 00 03 01 00 01 08 00 FF 02 00")))
        .isInstanceOf(UnsupportedServiceException.class);
    assertThatThrownBy(() -> CosemPdu.decode(Hex.bytes("C0 01 C1 00 03 01 00")))
        .isInstanceOf(AxdrException.class)
        .isNotInstanceOf(UnsupportedServiceException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(
            () -> CosemPdu.decode(Hex.bytes("C0 01 C1 00 03 01 00 01 08 00 FF 02 00 99")))
        .hasMessageContaining("after the GET-Request-Normal");
  }

  @Test
  void aDataNotificationIsOneOfThePdus() {
    // long-invoke-id 1, no date-time, body a structure of one double-long-unsigned
    byte[] wire = Hex.bytes("0F 00 00 00 01 00 02 01 06 00 00 04 D2");
    DataNotification n = (DataNotification) CosemPdu.decode(wire);
    assertThat(n.invokeId()).isEqualTo(1);
    assertThat(n.body()).isEqualTo(DlmsData.structure(DlmsData.u32(1234)));
  }
}
