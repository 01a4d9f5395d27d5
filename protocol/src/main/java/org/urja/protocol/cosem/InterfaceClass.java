package org.urja.protocol.cosem;

/** The COSEM interface classes (IEC 62056-6-2) that the head-end reads, writes or invokes. */
public enum InterfaceClass {
  DATA(1),
  REGISTER(3),
  EXTENDED_REGISTER(4),
  PROFILE_GENERIC(7),
  CLOCK(8),
  ASSOCIATION_LN(15),
  PUSH_SETUP(40),
  DISCONNECT_CONTROL(70),
  LIMITER(71);

  private final int id;

  InterfaceClass(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }

  public static InterfaceClass of(int id) {
    for (InterfaceClass c : values()) {
      if (c.id == id) {
        return c;
      }
    }
    throw new IllegalArgumentException("interface class " + id + " is not one the head-end uses");
  }
}
