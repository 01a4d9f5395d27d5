package org.urja.protocol.profile;

import java.util.ArrayList;
import java.util.List;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.DataType;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.CosemObject;
import org.urja.protocol.obis.ObisCode;

/**
 * One column of a profile (capture_object_definition): structure{class_id long-unsigned,
 * logical_name octet-string, attribute_index integer, data_index long-unsigned}. A push setup's
 * push_object_list has the same shape.
 */
public record CaptureObject(int classId, ObisCode obis, int attributeIndex, int dataIndex) {

  public static CaptureObject of(CosemObject object, int attributeIndex) {
    return new CaptureObject(object.classId(), object.obis(), attributeIndex, 0);
  }

  public DlmsData toData() {
    return DlmsData.structure(
        DlmsData.u16(classId),
        DlmsData.octets(obis.toBytes()),
        DlmsData.i8(attributeIndex),
        DlmsData.u16(dataIndex));
  }

  public static CaptureObject fromData(DlmsData d) {
    if (!(d instanceof DlmsData.Composite s) || s.type() != DataType.STRUCTURE || s.size() != 4) {
      throw new AxdrException("a capture object is a structure of four elements, got " + d);
    }
    byte[] logicalName = octets(s.get(1), "logical_name");
    if (logicalName.length != 6) {
      throw new AxdrException(
          "a capture object's logical_name is 6 bytes, got " + logicalName.length);
    }
    return new CaptureObject(
        (int) integer(s.get(0), "class_id"),
        ObisCode.fromBytes(logicalName),
        (int) integer(s.get(2), "attribute_index"),
        (int) integer(s.get(3), "data_index"));
  }

  /** The capture_objects attribute (3) of a profile, or a push setup's push_object_list (2). */
  public static List<CaptureObject> listFrom(DlmsData array) {
    if (!(array instanceof DlmsData.Composite a) || a.type() != DataType.ARRAY) {
      throw new AxdrException("capture objects are an array, got " + array);
    }
    List<CaptureObject> out = new ArrayList<>(a.size());
    for (DlmsData item : a.items()) {
      out.add(fromData(item));
    }
    return out;
  }

  public static DlmsData listToData(List<CaptureObject> list) {
    return DlmsData.array(list.stream().map(CaptureObject::toData).toList());
  }

  static long integer(DlmsData d, String what) {
    if (d instanceof DlmsData.Int i) {
      return i.value();
    }
    throw new AxdrException(what + " must be an integer, got " + d);
  }

  static byte[] octets(DlmsData d, String what) {
    if (d instanceof DlmsData.Octets o) {
      return o.value();
    }
    throw new AxdrException(what + " must be an octet-string, got " + d);
  }
}
