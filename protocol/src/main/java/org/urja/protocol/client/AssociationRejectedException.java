package org.urja.protocol.client;

import org.urja.protocol.apdu.Aare;

/** The meter answered the AARQ with a rejecting AARE (wrong password, unsupported context...). */
public class AssociationRejectedException extends RuntimeException {
  private final transient Aare aare;

  public AssociationRejectedException(Aare aare) {
    super(
        "association rejected: result "
            + aare.result()
            + ", diagnostic "
            + aare.diagnostic()
            + aare.initiateError().map(e -> ", xDLMS initiate error " + e.errorValue()).orElse(""));
    this.aare = aare;
  }

  public Aare aare() {
    return aare;
  }

  public int diagnostic() {
    return aare.diagnostic();
  }
}
