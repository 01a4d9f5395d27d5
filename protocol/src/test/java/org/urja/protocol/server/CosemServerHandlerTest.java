package org.urja.protocol.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.urja.protocol.apdu.Aare;
import org.urja.protocol.apdu.Aarq;
import org.urja.protocol.apdu.ActionRequestNormal;
import org.urja.protocol.apdu.ActionResponseNormal;
import org.urja.protocol.apdu.Conformance;
import org.urja.protocol.apdu.CosemPdu;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.apdu.ExceptionResponse;
import org.urja.protocol.apdu.GetRequestNext;
import org.urja.protocol.apdu.GetRequestNormal;
import org.urja.protocol.apdu.GetResponseNormal;
import org.urja.protocol.apdu.GetResponseWithDatablock;
import org.urja.protocol.apdu.InitiateRequest;
import org.urja.protocol.apdu.Rlre;
import org.urja.protocol.apdu.Rlrq;
import org.urja.protocol.apdu.SetRequestNormal;
import org.urja.protocol.apdu.SetResponseNormal;
import org.urja.protocol.axdr.DataCodec;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.ActionResult;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObject;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.cosem.DataAccessResult;
import org.urja.protocol.cosem.InterfaceClass;
import org.urja.protocol.cosem.MethodRef;
import org.urja.protocol.profile.ProfileBufferDecoder;
import org.urja.protocol.profile.ProfileQueries;
import org.urja.protocol.wrapper.WrapperFrame;

class CosemServerHandlerTest {
  static final String PASSWORD = "12345678";
  final CosemServerMetrics metrics = new CosemServerMetrics();
  final EmbeddedChannel ch =
      new EmbeddedChannel(
          new CosemServerHandler(new TestMeter(), ServerSettings.withPassword(PASSWORD), metrics));

  CosemPdu exchange(CosemPdu request) {
    return exchangeRaw(request.encode());
  }

  CosemPdu exchangeRaw(byte[] apdu) {
    ch.writeInbound(new WrapperFrame(0x10, 0x01, apdu));
    WrapperFrame reply = ch.readOutbound();
    assertThat(reply).as("a reply").isNotNull();
    assertThat(reply.sourceWPort()).isEqualTo(0x01);
    assertThat(reply.destinationWPort()).isEqualTo(0x10);
    return CosemPdu.decode(reply.apdu());
  }

  Aare associate(String password, int clientMaxPdu) {
    InitiateRequest init = InitiateRequest.of(new Conformance(0x007E1F), clientMaxPdu);
    return (Aare) exchange(Aarq.lowLevel(password.getBytes(StandardCharsets.US_ASCII), init));
  }

  static GetRequestNormal get(CosemObject o, int attr) {
    return new GetRequestNormal(0xC1, AttributeRef.of(o, attr));
  }

  @Test
  void aReadBeforeAnyAssociationIsRefusedWithAnExceptionResponse() {
    CosemPdu reply = exchange(get(CosemObjects.ACTIVE_ENERGY_IMPORT, 2));
    assertThat(reply)
        .isEqualTo(
            ExceptionResponse.of(
                ExceptionResponse.SERVICE_NOT_ALLOWED, ExceptionResponse.OPERATION_NOT_POSSIBLE));
  }

  @Test
  void theRightPasswordOpensAnAssociationWithTheCommonConformance() {
    Aare aare = associate(PASSWORD, 1200);

    assertThat(aare.isAccepted()).isTrue();
    Conformance agreed = aare.initiateResponse().orElseThrow().conformance();
    assertThat(agreed.has(Conformance.GET)).isTrue();
    assertThat(agreed.has(Conformance.BLOCK_TRANSFER_WITH_GET)).isTrue();
    assertThat(agreed.has(Conformance.EVENT_NOTIFICATION)).isFalse();
    assertThat(metrics.associationsAccepted()).isEqualTo(1);
  }

  @Test
  void aWrongPasswordIsRejectedWithAuthenticationFailureAndReadsStayRefused() {
    Aare aare = associate("wrong", 1200);

    assertThat(aare.result()).isEqualTo(Aare.REJECTED_PERMANENT);
    assertThat(aare.diagnostic()).isEqualTo(Aare.DIAG_AUTHENTICATION_FAILURE);
    assertThat(exchange(get(CosemObjects.ACTIVE_ENERGY_IMPORT, 2)))
        .isInstanceOf(ExceptionResponse.class);
    assertThat(metrics.associationsRejected()).isEqualTo(1);
  }

  @Test
  void lowestLevelSecurityIsRefusedWhenTheMeterDemandsAPassword() {
    Aare aare = (Aare) exchange(Aarq.lowest(InitiateRequest.of(Conformance.SUPPORTED, 1200)));
    assertThat(aare.diagnostic()).isEqualTo(Aare.DIAG_MECHANISM_NAME_REQUIRED);
  }

  @Test
  void thePublicClientNeedsNoPasswordWhereTheMeterReaderNeedsOne() {
    EmbeddedChannel meter =
        new EmbeddedChannel(
            new CosemServerHandler(
                new TestMeter(),
                ServerSettings.withPassword(PASSWORD)
                    .client(ServerSettings.PUBLIC_CLIENT, Optional.empty())));
    InitiateRequest init = InitiateRequest.of(Conformance.SUPPORTED, 1200);

    meter.writeInbound(new WrapperFrame(0x10, 0x01, Aarq.lowest(init).encode()));
    assertThat(Aare.decode(((WrapperFrame) meter.readOutbound()).apdu()).isAccepted()).isTrue();
    meter.writeInbound(new WrapperFrame(0x20, 0x01, Aarq.lowest(init).encode()));
    assertThat(Aare.decode(((WrapperFrame) meter.readOutbound()).apdu()).diagnostic())
        .isEqualTo(Aare.DIAG_MECHANISM_NAME_REQUIRED);
  }

  @Test
  void aCipheredApplicationContextIsNotSupported() {
    Aarq ciphered =
        new Aarq(
            Aarq.LN_WITH_CIPHERING,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            InitiateRequest.of(Conformance.SUPPORTED, 1200));
    Aare aare = (Aare) exchange(ciphered);
    assertThat(aare.isAccepted()).isFalse();
    assertThat(aare.diagnostic()).isEqualTo(Aare.DIAG_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED);
  }

  @Test
  void anOldDlmsVersionIsRejectedWithAnInitiateError() {
    InitiateRequest v5 =
        new InitiateRequest(
            Optional.empty(), true, Optional.empty(), 5, Conformance.SUPPORTED, 1200);
    Aare aare = (Aare) exchange(Aarq.lowLevel(PASSWORD.getBytes(StandardCharsets.US_ASCII), v5));
    assertThat(aare.initiateError().orElseThrow().errorValue()).isEqualTo(1);
  }

  @Test
  void theRegisterValueAndItsScalerUnitAreRead() {
    associate(PASSWORD, 1200);

    GetResponseNormal value =
        (GetResponseNormal) exchange(get(CosemObjects.ACTIVE_ENERGY_IMPORT, 2));
    assertThat(value.data()).contains(DlmsData.u32(TestMeter.ENERGY_WH));
    assertThat(value.invokeIdAndPriority()).isEqualTo(0xC1);
    GetResponseNormal scaler =
        (GetResponseNormal) exchange(get(CosemObjects.ACTIVE_ENERGY_IMPORT, 3));
    assertThat(scaler.data()).contains(DlmsData.structure(DlmsData.i8(0), DlmsData.enumOf(30)));
  }

  @Test
  void anObjectTheMeterDoesNotHaveIsAnsweredObjectUndefined() {
    associate(PASSWORD, 1200);
    CosemObject absent = CosemObject.of(InterfaceClass.REGISTER, "1.0.99.99.0.255", "absent");
    GetResponseNormal r = (GetResponseNormal) exchange(get(absent, 2));
    assertThat(r.result()).isEqualTo(DataAccessResult.OBJECT_UNDEFINED);
  }

  @Test
  void aProfileLongerThanTheClientPduArrivesInBlocksThatJoinToTheWhole() {
    associate(PASSWORD, 64);

    CosemPdu first = exchange(get(CosemObjects.BLOCK_LOAD_PROFILE, 2));
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    GetResponseWithDatablock block = (GetResponseWithDatablock) first;
    int blocks = 1;
    while (true) {
      assertThat(block.encode().length).isLessThanOrEqualTo(64);
      joined.writeBytes(block.rawData().orElseThrow());
      if (block.lastBlock()) {
        break;
      }
      block = (GetResponseWithDatablock) exchange(new GetRequestNext(0xC1, block.blockNumber()));
      blocks++;
    }
    assertThat(blocks).isGreaterThan(2);
    DlmsData buffer = DataCodec.decode(joined.toByteArray());
    assertThat(ProfileBufferDecoder.rows(buffer, TestMeter.PROFILE_COLUMNS))
        .hasSize(TestMeter.ROWS);
  }

  @Test
  void askingForTheWrongBlockEndsTheTransfer() {
    associate(PASSWORD, 64);
    exchange(get(CosemObjects.BLOCK_LOAD_PROFILE, 2));

    GetResponseWithDatablock wrong =
        (GetResponseWithDatablock) exchange(new GetRequestNext(0xC1, 7));
    assertThat(wrong.result()).isEqualTo(DataAccessResult.DATA_BLOCK_NUMBER_INVALID);
    GetResponseWithDatablock none =
        (GetResponseWithDatablock) exchange(new GetRequestNext(0xC1, 1));
    assertThat(none.result()).isEqualTo(DataAccessResult.NO_LONG_GET_IN_PROGRESS);
  }

  @Test
  void aProfileReadByRangeReturnsOnlyTheRowsInTheRange() {
    associate(PASSWORD, 1200);
    Instant from = TestMeter.rowTime(2);
    Instant to = TestMeter.rowTime(4);
    AttributeRef ref =
        AttributeRef.of(CosemObjects.BLOCK_LOAD_PROFILE, 2)
            .withAccess(
                ProfileQueries.byRange(
                    CosemObjects.CLOCK, from, to, TestMeter.IST, TestMeter.SIGN));

    GetResponseNormal r = (GetResponseNormal) exchange(new GetRequestNormal(0xC1, ref));
    var rows = ProfileBufferDecoder.rows(r.data().orElseThrow(), TestMeter.PROFILE_COLUMNS);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).capturedAt(TestMeter.SIGN, TestMeter.IST)).contains(from);
    assertThat(rows.get(2).value(CosemObjects.ACTIVE_ENERGY_IMPORT.obis(), 2))
        .contains(DlmsData.u32(TestMeter.energyAt(4)));
  }

  @Test
  void remoteDisconnectOpensTheRelayAndARefusedWriteSaysWhy() {
    associate(PASSWORD, 1200);
    MethodRef disconnect =
        MethodRef.of(
            CosemObjects.DISCONNECT_CONTROL, CosemObjects.Disconnect.METHOD_REMOTE_DISCONNECT);

    ActionResponseNormal act =
        (ActionResponseNormal)
            exchange(new ActionRequestNormal(0xC1, disconnect, Optional.of(DlmsData.i8(0))));
    assertThat(act.result()).isEqualTo(ActionResult.SUCCESS);
    assertThat(((GetResponseNormal) exchange(get(CosemObjects.DISCONNECT_CONTROL, 2))).data())
        .contains(DlmsData.bool(false));
    SetResponseNormal set =
        (SetResponseNormal)
            exchange(
                new SetRequestNormal(
                    0xC1,
                    AttributeRef.of(CosemObjects.DISCONNECT_CONTROL, 2),
                    DlmsData.bool(true)));
    assertThat(set.result()).isEqualTo(DataAccessResult.READ_WRITE_DENIED);
    ActionResponseNormal bad =
        (ActionResponseNormal)
            exchange(
                new ActionRequestNormal(
                    0xC1, MethodRef.of(CosemObjects.DISCONNECT_CONTROL, 9), Optional.empty()));
    assertThat(bad.result()).isEqualTo(ActionResult.OBJECT_UNAVAILABLE);
  }

  @Test
  void aMalformedApduIsCountedAndAnsweredAndTheAssociationCarriesOn() {
    associate(PASSWORD, 1200);

    CosemPdu reply = exchangeRaw(new byte[] {(byte) 0xC0, 0x01, (byte) 0xC1, 0x00, 0x03});
    assertThat(reply)
        .isEqualTo(
            ExceptionResponse.of(
                ExceptionResponse.SERVICE_NOT_ALLOWED, ExceptionResponse.OTHER_REASON));
    assertThat(metrics.malformedApdus()).isEqualTo(1);
    assertThat(exchangeRaw(new byte[] {(byte) 0xC0, 0x03, (byte) 0xC1}))
        .isInstanceOf(ExceptionResponse.class);
    assertThat(exchange(get(CosemObjects.ACTIVE_ENERGY_IMPORT, 2)))
        .isInstanceOf(GetResponseNormal.class);
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void anAarqWithAnEmptyAuthenticationValueIsRefusedNotFatal() {
    byte[] broken =
        java.util.HexFormat.of()
            .parseHex(
                ("60 1F A1 09 06 07 60 85 74 05 08 01 01 AC 00 BE 10 04 0E 01 00 00 00 06 5F 1F 04"
                        + " 00 00 7E 1F 04 B0")
                    .replace(" ", ""));
    Aare aare = (Aare) exchangeRaw(broken);
    assertThat(aare.isAccepted()).isFalse();
    assertThat(metrics.malformedApdus()).isEqualTo(1);
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void releaseEndsTheAssociation() {
    associate(PASSWORD, 1200);
    assertThat(exchange(new Rlrq(Optional.of(Rlrq.NORMAL)))).isEqualTo(new Rlre(Optional.of(0)));
    assertThat(exchange(get(CosemObjects.ACTIVE_ENERGY_IMPORT, 2)))
        .isInstanceOf(ExceptionResponse.class);
  }

  @Test
  void theMeterPushesADataNotificationOnTheSameChannelWithoutAnAssociation() {
    CosemServerHandler handler = ch.pipeline().get(CosemServerHandler.class);
    handler.push(
        new DataNotification(1, Optional.empty(), DlmsData.structure(List.of(DlmsData.u32(5)))));

    WrapperFrame pushed = ch.readOutbound();
    assertThat(pushed.destinationWPort()).isEqualTo(ServerSettings.PUBLIC_CLIENT);
    assertThat(DataNotification.decode(pushed.apdu()).body())
        .isEqualTo(DlmsData.structure(DlmsData.u32(5)));
  }
}
