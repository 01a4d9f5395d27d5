package org.urja.protocol.client;

/** Where {@link ClientAssociationHandler} delivers response APDUs, on the channel's event loop. */
interface ResponseListener {
  void onResponse(byte[] apdu);

  void onClosed();
}
