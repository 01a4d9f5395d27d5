package org.urja.protocol.client;

/**
 * A request the client gave up before the meter answered it, because its association was released
 * for a more urgent one on the same connection (a relay command displacing a profile read): the
 * meter never saw it, or saw it and lost its remaining blocks with the association. Nothing went
 * wrong with the meter; the request may simply be made again later.
 */
public class RequestAbandonedException extends RuntimeException {
  public RequestAbandonedException(String message) {
    super(message);
  }
}
