package org.urja.protocol.client;

import org.urja.protocol.wrapper.WrapperFrame;

/** Where {@link ClientAssociationHandler} delivers response frames, on the channel's event loop. */
interface ResponseListener {
  void onResponse(WrapperFrame frame);

  void onClosed();
}
