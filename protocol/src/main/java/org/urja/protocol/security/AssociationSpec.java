package org.urja.protocol.security;

/**
 * One application association a meter offers, as its model declares it: the client SAP (wrapper
 * wPort) the head-end calls from, the meter's logical device (server SAP), how the client
 * authenticates and whether the xDLMS APDUs are ciphered (security suite 0, global unicast key,
 * authenticated and encrypted). IS 15959-2 meters ship with {@link #PUBLIC_CLIENT}, {@link
 * #METER_READER} and {@link #UTILITY_SETTINGS}.
 *
 * <p>Invariant: ciphering needs a suite (0, the only one implemented) and HLS-GMAC implies
 * ciphering, because mechanism 5's challenge answers use the same EK and AK.
 */
public record AssociationSpec(
    String name,
    int clientSap,
    int serverLogicalAddress,
    Authentication authentication,
    boolean ciphered) {

  /** The authentication mechanism the client uses in its AARQ. */
  public enum Authentication {
    /** Lowest-level security: none. */
    NONE,
    /** Low-level security (mechanism 1): a password in the AARQ. */
    LOW,
    /** High-level security, mechanism 5: GMAC over the challenges, the 4-pass exchange. */
    HIGH_GMAC
  }

  /** The only security suite implemented: AES-GCM-128. */
  public static final int SECURITY_SUITE = 0;

  public static final int MANAGEMENT_LOGICAL_DEVICE = 1;

  /** IS 15959-2 public client: SAP 16, no security, read-only. */
  public static final AssociationSpec PUBLIC_CLIENT =
      new AssociationSpec("public", 0x10, MANAGEMENT_LOGICAL_DEVICE, Authentication.NONE, false);

  /** IS 15959-2 meter reader: SAP 32, LLS password. */
  public static final AssociationSpec METER_READER =
      new AssociationSpec(
          "meter-reader", 0x20, MANAGEMENT_LOGICAL_DEVICE, Authentication.LOW, false);

  /**
   * IS 15959-2 utility settings: SAP 48, HLS-GMAC, ciphered with suite 0. The association that may
   * SET and switch the relay.
   */
  public static final AssociationSpec UTILITY_SETTINGS =
      new AssociationSpec(
          "utility-settings", 0x30, MANAGEMENT_LOGICAL_DEVICE, Authentication.HIGH_GMAC, true);

  public AssociationSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an association needs a name");
    }
    if (clientSap < 1
        || clientSap > 0xFFFF
        || serverLogicalAddress < 1
        || serverLogicalAddress > 0xFFFF) {
      throw new IllegalArgumentException("association " + name + ": SAPs are 1..65535");
    }
    if (authentication == Authentication.HIGH_GMAC && !ciphered) {
      throw new IllegalArgumentException(
          "association " + name + ": HLS-GMAC uses the ciphering keys, so it must be ciphered");
    }
  }

  /** Ciphering on: the AARQ names the LN-with-ciphering context and carries a system title. */
  public boolean needsSystemTitle() {
    return ciphered || authentication == Authentication.HIGH_GMAC;
  }
}
