package org.urja.protocol.apdu;

import java.util.Optional;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.DataCodec;
import org.urja.protocol.axdr.DlmsData;

/**
 * The xDLMS DataNotification APDU (tag 0x0F) a meter pushes: long-invoke-id-and-priority, an
 * optional date-time (an octet-string of length 0 or 12), and the notification body, one Data value
 * — usually a structure whose elements follow the push setup's push_object_list.
 */
public record DataNotification(
    long longInvokeIdAndPriority, Optional<CosemDateTime> dateTime, DlmsData body)
    implements CosemPdu {
  public static final int TAG = 0x0F;

  /** The invoke id is the low 24 bits; the top byte carries priority and confirmation flags. */
  public long invokeId() {
    return longInvokeIdAndPriority & 0x00FF_FFFFL;
  }

  public static DataNotification decode(byte[] apdu) {
    AxdrReader r = new AxdrReader(apdu);
    int tag = r.u8("APDU tag");
    if (tag != TAG) {
      throw new AxdrException("not a DataNotification: APDU tag 0x" + Integer.toHexString(tag));
    }
    long invoke = r.u32("long-invoke-id-and-priority");
    int dtLen = r.length("date-time");
    Optional<CosemDateTime> dt;
    if (dtLen == 0) {
      dt = Optional.empty();
    } else if (dtLen == CosemDateTime.LENGTH) {
      dt = Optional.of(CosemDateTime.decode(r.bytes(dtLen, "date-time")));
    } else {
      throw new AxdrException("DataNotification date-time must be 0 or 12 bytes, got " + dtLen);
    }
    DlmsData body = DataCodec.decode(r);
    if (r.hasRemaining()) {
      throw new AxdrException(r.remaining() + " byte(s) after the DataNotification body");
    }
    return new DataNotification(invoke, dt, body);
  }

  public byte[] encode() {
    AxdrWriter w = new AxdrWriter(64);
    w.u8(TAG).u32(longInvokeIdAndPriority);
    if (dateTime.isPresent()) {
      w.u8(CosemDateTime.LENGTH).bytes(dateTime.get().encode());
    } else {
      w.u8(0);
    }
    DataCodec.encode(body, w);
    return w.toByteArray();
  }
}
