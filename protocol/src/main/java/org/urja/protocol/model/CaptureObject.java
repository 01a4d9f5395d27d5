package org.urja.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.obis.ObisCode;

/**
 * One entry of a push setup's push_object_list or a profile's capture_objects: {class_id,
 * logical_name, attribute_index, data_index}. Push values and profile columns arrive in this order.
 */
public record CaptureObject(int classId, ObisCode obis, int attributeIndex, int dataIndex) {

  @JsonCreator
  public static CaptureObject fromJson(
      @JsonProperty("classId") int classId,
      @JsonProperty("obis") String obis,
      @JsonProperty("attribute") int attribute,
      @JsonProperty("dataIndex") Integer dataIndex) {
    return new CaptureObject(classId, ObisCode.parse(obis), attribute, dataIndex == null ? 0 : dataIndex);
  }

  /** The wire form, as attribute 2 of a push setup or attribute 3 of a profile carries it. */
  public DlmsData toData() {
    return DlmsData.structure(
        DlmsData.u16(classId), DlmsData.octets(obis.toBytes()), DlmsData.i8(attributeIndex), DlmsData.u16(dataIndex));
  }
}
