package org.urja.headend.commands.mqtt;

/**
 * A gateway answered {@code refused} (the meter would not switch, e.g. control_mode 0) or {@code
 * error} (the gateway could not carry it out). Not retryable: sending the same command again would
 * get the same answer, so the operator must look.
 */
public class GatewayRejectedException extends RuntimeException {
  private final String result;

  public GatewayRejectedException(String serial, String result, String message) {
    super(
        "gateway "
            + result
            + " the command for meter "
            + serial
            + (message.isBlank() ? "" : ": " + message));
    this.result = result;
  }

  /** {@code refused} or {@code error}, as the gateway said. */
  public String result() {
    return result;
  }
}
