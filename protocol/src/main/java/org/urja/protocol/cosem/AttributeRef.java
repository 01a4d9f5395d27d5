package org.urja.protocol.cosem;

import java.util.Optional;
import org.urja.protocol.obis.ObisCode;

/** Addresses one attribute of one COSEM object, optionally with selective access (profiles). */
public record AttributeRef(
    int classId, ObisCode obis, int attributeId, Optional<SelectiveAccess> access) {
  public static AttributeRef of(CosemObject object, int attributeId) {
    return new AttributeRef(object.classId(), object.obis(), attributeId, Optional.empty());
  }

  public AttributeRef withAccess(SelectiveAccess sa) {
    return new AttributeRef(classId, obis, attributeId, Optional.of(sa));
  }
}
