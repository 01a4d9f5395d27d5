package org.urja.protocol.apdu;

import java.util.Optional;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;
import org.urja.protocol.axdr.DataCodec;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.DataAccessResult;
import org.urja.protocol.cosem.MethodRef;
import org.urja.protocol.cosem.SelectiveAccess;
import org.urja.protocol.obis.ObisCode;

/** The A-XDR pieces shared by GET, SET and ACTION: descriptors, access selection, optional data. */
final class Descriptors {
  private Descriptors() {}

  /** Cosem-Attribute-Descriptor followed by the OPTIONAL Selective-Access-Descriptor. */
  static void writeAttribute(AxdrWriter w, AttributeRef ref) {
    w.u16(ref.classId()).bytes(ref.obis().toBytes()).u8(ref.attributeId());
    if (ref.access().isPresent()) {
      SelectiveAccess sa = ref.access().get();
      w.u8(1).u8(sa.selector());
      DataCodec.encode(sa.parameters(), w);
    } else {
      w.u8(0);
    }
  }

  static AttributeRef readAttribute(AxdrReader r) {
    int classId = r.u16("class-id");
    ObisCode obis = ObisCode.fromBytes(r.bytes(6, "instance-id"));
    int attr = (byte) r.u8("attribute-id");
    Optional<SelectiveAccess> access = Optional.empty();
    if (presence(r, "access-selection")) {
      int selector = r.u8("access-selector");
      access = Optional.of(new SelectiveAccess(selector, DataCodec.decode(r)));
    }
    return new AttributeRef(classId, obis, attr, access);
  }

  static void writeMethod(AxdrWriter w, MethodRef ref) {
    w.u16(ref.classId()).bytes(ref.obis().toBytes()).u8(ref.methodId());
  }

  static MethodRef readMethod(AxdrReader r) {
    int classId = r.u16("class-id");
    ObisCode obis = ObisCode.fromBytes(r.bytes(6, "instance-id"));
    return new MethodRef(classId, obis, (byte) r.u8("method-id"));
  }

  /** The presence byte of an A-XDR OPTIONAL component. */
  static boolean presence(AxdrReader r, String what) {
    int p = r.u8(what + " presence");
    if (p > 1) {
      throw new AxdrException("bad presence flag 0x" + Integer.toHexString(p) + " for " + what);
    }
    return p == 1;
  }

  /** Get-Data-Result ::= CHOICE { data [0] Data, data-access-result [1] Data-Access-Result }. */
  static void writeGetDataResult(AxdrWriter w, Optional<DlmsData> data, DataAccessResult result) {
    if (data.isPresent()) {
      w.u8(0);
      DataCodec.encode(data.get(), w);
    } else {
      w.u8(1).u8(result.code());
    }
  }

  static void expectEnd(AxdrReader r, String apdu) {
    if (r.hasRemaining()) {
      throw new AxdrException(r.remaining() + " byte(s) after the " + apdu);
    }
  }

  static void expect(AxdrReader r, int tag, int choice, String apdu) {
    int t = r.u8("APDU tag");
    int c = r.u8("service choice");
    if (t != tag || c != choice) {
      throw new AxdrException(
          String.format("not a %s: starts %02X %02X, expected %02X %02X", apdu, t, c, tag, choice));
    }
  }
}
