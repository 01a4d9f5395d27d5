package org.urja.protocol.client;

/**
 * A request for a service the meter did not grant in this association's negotiated conformance,
 * failed before it was sent: sending it would only earn an ExceptionResponse, and on some meters a
 * dropped association. Permanent for this association; another association (one whose model entry
 * grants the service) may succeed.
 */
public class ServiceNotGrantedException extends DlmsServiceException {
  private final String service;

  public ServiceNotGrantedException(String service) {
    super("the meter did not grant " + service + " on this association");
    this.service = service;
  }

  /**
   * @param where which meter and association, for the operator (never a secret)
   */
  public ServiceNotGrantedException(String service, String where) {
    super("the meter " + where + " did not grant " + service + " on this association");
    this.service = service;
  }

  /** GET, SET or ACTION. */
  public String service() {
    return service;
  }
}
