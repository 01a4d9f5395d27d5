package org.urja.protocol.cosem;

import org.urja.protocol.obis.ObisCode;

/** Addresses one method of one COSEM object. */
public record MethodRef(int classId, ObisCode obis, int methodId) {
  public static MethodRef of(CosemObject object, int methodId) {
    return new MethodRef(object.classId(), object.obis(), methodId);
  }
}
