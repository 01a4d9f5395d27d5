package org.urja.simulator.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.urja.protocol.apdu.Aare;
import org.urja.protocol.apdu.Aarq;
import org.urja.protocol.apdu.ActionRequestNormal;
import org.urja.protocol.apdu.ActionResponseNormal;
import org.urja.protocol.apdu.ConfirmedServiceError;
import org.urja.protocol.apdu.Conformance;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.apdu.ExceptionResponse;
import org.urja.protocol.apdu.GetRequestNext;
import org.urja.protocol.apdu.GetRequestNormal;
import org.urja.protocol.apdu.GetResponseNormal;
import org.urja.protocol.apdu.GetResponseWithDatablock;
import org.urja.protocol.apdu.InitiateRequest;
import org.urja.protocol.apdu.InitiateResponse;
import org.urja.protocol.apdu.Rlre;
import org.urja.protocol.apdu.Rlrq;
import org.urja.protocol.apdu.SetRequestNormal;
import org.urja.protocol.apdu.SetResponseNormal;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.DataCodec;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.ActionResult;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.DataAccessResult;
import org.urja.protocol.cosem.MethodRef;
import org.urja.protocol.cosem.SelectiveAccess;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.model.PushLayout;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.protocol.wrapper.WrapperFrameEncoder;
import org.urja.simulator.meter.SimClock;
import org.urja.simulator.meter.SimulatedMeter;

/**
 * Writes the seed corpora of the protocol fuzz tests from what the simulator's meters really say
 * (pushes of every layout of the bundled model, GET answers for clock, serial, profile buffer and
 * capture objects) and the requests the head-end sends them, plus the hostile inputs of issue 7.
 * Run from the repository root after a protocol change, and commit what changes (docs/FUZZING.md
 * has the command). The real Kamstrup capture beside these seeds comes from DataNotificationTest.
 */
public final class FuzzSeedCorpus {
  private static final ZoneId IST = ZoneId.of("Asia/Kolkata");
  private static final HexFormat HEX = HexFormat.of();

  private FuzzSeedCorpus() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    Path tests = root.resolve("protocol/src/test/resources/org/urja/protocol");
    Map<String, byte[]> data = data();
    Map<String, byte[]> apdus = apdus();
    write(
        tests.resolve("axdr/DataCodecFuzzTestInputs/anyBytesDecodeToBoundedDataOrAnAxdrError"),
        data);
    write(tests.resolve("apdu/ApduFuzzTestInputs/anyBytesAreAnApduOrAnAxdrError"), apdus);
    Map<String, byte[]> pushes = new LinkedHashMap<>();
    apdus.forEach(
        (name, apdu) -> {
          if (name.startsWith("push-") || name.startsWith("hostile-")) {
            pushes.put(name, apdu);
          }
        });
    write(tests.resolve("apdu/ApduFuzzTestInputs/anyPushIsADataNotificationOrAnAxdrError"), pushes);
    Map<String, byte[]> streams = new LinkedHashMap<>();
    apdus.forEach((name, apdu) -> streams.put(name, withWholeSegments(frame(apdu))));
    streams.put("framing-bad-version", withWholeSegments(HEX.parseHex("0002000100010001aa")));
    streams.put("framing-too-long", withWholeSegments(HEX.parseHex("000100010001fff0")));
    streams.put("framing-http", withWholeSegments("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes()));
    write(
        tests.resolve(
            "wrapper/WrapperFrameDecoderFuzzTestInputs/anyStreamBecomesBoundedFramesOrAFramingError"),
        streams);
  }

  /**
   * A simulated meter a day into its life, so its profile has rows and its registers have moved.
   */
  static SimulatedMeter meter() {
    MeterModel model = MeterModelCatalog.bundled().defaultModel();
    Instant start = Instant.parse("2026-11-22T00:00:00Z");
    SimulatedMeter m =
        new SimulatedMeter(
            "SIM00000007",
            model,
            new SimClock(start, Duration.ofMinutes(15), Duration.ofSeconds(1)),
            7,
            4,
            96);
    m.advanceTo(96);
    return m;
  }

  static Map<String, byte[]> data() {
    SimulatedMeter m = meter();
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (PushLayout layout : m.model().pushes()) {
      out.put("push-body-" + layout.name(), DataCodec.encode(m.pushBody(layout)));
    }
    ObisCode profile = ObisCode.parse("1.0.99.1.0.255");
    out.put(
        "profile-buffer",
        DataCodec.encode(m.get(new AttributeRef(7, profile, 2, Optional.empty()))));
    out.put(
        "profile-capture-objects",
        DataCodec.encode(m.get(new AttributeRef(7, profile, 3, Optional.empty()))));
    out.put(
        "clock",
        DataCodec.encode(
            m.get(new AttributeRef(8, ObisCode.parse("0.0.1.0.0.255"), 2, Optional.empty()))));
    out.put("range-descriptor", DataCodec.encode(range().parameters()));
    out.put("compact-array-rows", HEX.parseHex("130202121106000102000304"));
    out.put("bit-string", HEX.parseHex("040ac040"));
    out.put("utf8-string", HEX.parseHex("0c03e0a48a"));
    out.put("float64", HEX.parseHex("18400921fb54442d18"));
    out.put("long64-unsigned-max", HEX.parseHex("15ffffffffffffffff"));
    out.put("hostile-zero-width-compact-array", HEX.parseHex("13000100"));
    out.put("hostile-compact-array-of-empty-structures", HEX.parseHex("13020003000000"));
    out.put("hostile-array-count-beyond-bytes", HEX.parseHex("01847fffffff00"));
    out.put("hostile-bit-string-two-billion-bits", HEX.parseHex("04847fffffff00"));
    return out;
  }

  static SelectiveAccess range() {
    DlmsData clockColumn =
        DlmsData.structure(
            DlmsData.u16(8),
            DlmsData.octets(ObisCode.parse("0.0.1.0.0.255").toBytes()),
            DlmsData.i8(2),
            DlmsData.u16(0));
    Instant from = Instant.parse("2026-11-22T00:00:00Z");
    return new SelectiveAccess(
        SelectiveAccess.BY_RANGE,
        DlmsData.structure(
            clockColumn,
            DlmsData.octets(
                CosemDateTime.of(from, IST, CosemDateTime.DeviationSign.STANDARD).encode()),
            DlmsData.octets(
                CosemDateTime.of(
                        from.plusSeconds(86_400), IST, CosemDateTime.DeviationSign.STANDARD)
                    .encode()),
            DlmsData.array(List.of())));
  }

  static Map<String, byte[]> apdus() {
    SimulatedMeter m = meter();
    Map<String, byte[]> out = new LinkedHashMap<>();
    int invoke = 0xC1;
    for (PushLayout layout : m.model().pushes()) {
      out.put(
          "push-" + layout.name(),
          new DataNotification(7, Optional.empty(), m.pushBody(layout)).encode());
    }
    CosemDateTime now = CosemDateTime.of(m.now(), IST, CosemDateTime.DeviationSign.STANDARD);
    out.put(
        "push-with-date-time",
        new DataNotification(8, Optional.of(now), m.pushBody(m.model().pushes().get(0))).encode());
    InitiateRequest initiate = InitiateRequest.of(Conformance.SUPPORTED, 1024);
    out.put("aarq-lowest", Aarq.lowest(initiate).encode());
    out.put("aarq-low-level", Aarq.lowLevel("12345678".getBytes(), initiate).encode());
    out.put(
        "aare-accepted",
        Aare.accepted(Aarq.LN_NO_CIPHERING, InitiateResponse.of(Conformance.SUPPORTED, 1024))
            .encode());
    out.put(
        "aare-rejected",
        Aare.rejected(
                Aarq.LN_NO_CIPHERING,
                Aare.DIAG_AUTHENTICATION_FAILURE,
                Optional.of(
                    ConfirmedServiceError.initiate(
                        ConfirmedServiceError.INITIATE_DLMS_VERSION_TOO_LOW)))
            .encode());
    out.put("rlrq", new Rlrq(Optional.of(Rlrq.NORMAL)).encode());
    out.put("rlre", new Rlre(Optional.of(0)).encode());
    ObisCode serial = ObisCode.parse("0.0.96.1.0.255");
    ObisCode profile = ObisCode.parse("1.0.99.1.0.255");
    out.put(
        "get-serial",
        new GetRequestNormal(invoke, new AttributeRef(1, serial, 2, Optional.empty())).encode());
    out.put(
        "get-profile-by-range",
        new GetRequestNormal(invoke, new AttributeRef(7, profile, 2, Optional.of(range())))
            .encode());
    out.put("get-next", new GetRequestNext(invoke, 1).encode());
    out.put(
        "get-response-serial",
        GetResponseNormal.success(invoke, m.get(new AttributeRef(1, serial, 2, Optional.empty())))
            .encode());
    out.put(
        "get-response-denied",
        GetResponseNormal.failure(invoke, DataAccessResult.READ_WRITE_DENIED).encode());
    byte[] buffer = DataCodec.encode(m.get(new AttributeRef(7, profile, 2, Optional.empty())));
    out.put(
        "get-response-block",
        GetResponseWithDatablock.block(
                invoke, false, 1, java.util.Arrays.copyOf(buffer, Math.min(buffer.length, 200)))
            .encode());
    out.put(
        "get-response-block-failed",
        GetResponseWithDatablock.failure(invoke, 2, DataAccessResult.DATA_BLOCK_NUMBER_INVALID)
            .encode());
    ObisCode disconnect = ObisCode.parse("0.0.96.3.10.255");
    out.put(
        "set-control-mode",
        new SetRequestNormal(
                invoke, new AttributeRef(70, disconnect, 4, Optional.empty()), DlmsData.enumOf(4))
            .encode());
    out.put("set-response", new SetResponseNormal(invoke, DataAccessResult.SUCCESS).encode());
    out.put(
        "action-remote-disconnect",
        new ActionRequestNormal(
                invoke, new MethodRef(70, disconnect, 1), Optional.of(DlmsData.i8(0)))
            .encode());
    out.put(
        "action-response",
        ActionResponseNormal.of(invoke, ActionResult.SUCCESS, Optional.empty()).encode());
    out.put(
        "exception-response",
        ExceptionResponse.of(
                ExceptionResponse.SERVICE_NOT_ALLOWED, ExceptionResponse.OPERATION_NOT_POSSIBLE)
            .encode());
    out.put("hostile-zero-width-compact-array-push", HEX.parseHex("0f000000010013000100"));
    out.put("hostile-truncated-push", HEX.parseHex("0f0000000100020a09"));
    return out;
  }

  static byte[] frame(byte[] apdu) {
    return WrapperFrameEncoder.toBytes(new WrapperFrame(1, 1, apdu));
  }

  /**
   * For a test reading its segment lengths with a FuzzedDataProvider, which takes integers from the
   * end of the input: a trailing 0xFF..FF asks for one segment as long as possible.
   */
  static byte[] withWholeSegments(byte[] stream) {
    byte[] out = java.util.Arrays.copyOf(stream, stream.length + 4);
    java.util.Arrays.fill(out, stream.length, out.length, (byte) 0xFF);
    return out;
  }

  static void write(Path dir, Map<String, byte[]> seeds) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
      Files.write(dir.resolve(e.getKey()), e.getValue());
    }
  }
}
