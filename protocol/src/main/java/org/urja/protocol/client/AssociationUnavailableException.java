package org.urja.protocol.client;

/**
 * The head-end will not open the association a request needs, so nothing is sent: the meter's keys
 * for it were never imported, or the association its model names for the purpose is not fit for it
 * (a relay command over an association without HLS, which would let anything that claims a meter's
 * serial confirm a command). Permanent until an operator imports keys or fixes the model. The
 * message names the meter and the association, never a secret.
 */
public class AssociationUnavailableException extends RuntimeException {
  public AssociationUnavailableException(String message) {
    super(message);
  }
}
