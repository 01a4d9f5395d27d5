package org.urja.protocol.cosem;

/** A GET, SET or ACTION the meter refused, with the result code it gave. */
public class CosemAccessException extends RuntimeException {
  private final int resultCode;

  public CosemAccessException(DataAccessResult result, String message) {
    super(message + " (" + result + ")");
    this.resultCode = result.code();
  }

  public CosemAccessException(ActionResult result, String message) {
    super(message + " (" + result + ")");
    this.resultCode = result.code();
  }

  /** The numeric Data-Access-Result or Action-Result. */
  public int resultCode() {
    return resultCode;
  }
}
