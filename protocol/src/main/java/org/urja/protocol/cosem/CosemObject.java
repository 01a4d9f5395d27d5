package org.urja.protocol.cosem;

import org.urja.protocol.obis.ObisCode;

/** A COSEM object instance: its interface class and logical name. */
public record CosemObject(InterfaceClass interfaceClass, ObisCode obis, String description) {

  public static CosemObject of(InterfaceClass ic, String obis, String description) {
    return new CosemObject(ic, ObisCode.parse(obis), description);
  }

  public int classId() {
    return interfaceClass.id();
  }
}
