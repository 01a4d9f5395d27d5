package org.urja.protocol.server;

import org.urja.protocol.apdu.Conformance;
import org.urja.protocol.security.AssociationSpec;

/**
 * What a strict server grants one client SAP: how it must authenticate, whether its APDUs must be
 * ciphered, and the conformance it may negotiate at most (a read-only client gets no SET and no
 * ACTION, so such requests are refused as real meters refuse them).
 */
public record ClientAccess(
    AssociationSpec.Authentication authentication, boolean ciphered, Conformance conformance) {

  /** GET with block transfer and selective access: what the public client and reader may do. */
  public static final Conformance READ_ONLY =
      new Conformance(
          Conformance.BLOCK_TRANSFER_WITH_GET
              | Conformance.GET
              | Conformance.SELECTIVE_ACCESS
              | Conformance.PRIORITY_MGMT);

  public ClientAccess {
    if (authentication == AssociationSpec.Authentication.HIGH_GMAC && !ciphered) {
      throw new IllegalArgumentException("HLS-GMAC needs ciphering");
    }
  }
}
