package org.urja.headend.commands;

/**
 * The association the meter accepted does not include the service a command needs (its negotiated
 * conformance lacks ACTION, say), so the request is not sent at all: the meter would only refuse it.
 */
public class ServiceNotGrantedException extends RuntimeException {
  public ServiceNotGrantedException(String meter, CommandPurpose purpose, int clientWPort) {
    super("the meter " + (meter == null ? "" : meter + " ") + "did not grant " + purpose + " on this association "
        + "(client " + clientWPort + ")");
  }
}
