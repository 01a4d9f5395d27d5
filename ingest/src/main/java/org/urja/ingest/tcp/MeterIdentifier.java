package org.urja.ingest.tcp;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;

/**
 * Asks the meter on a connection for its serial (a DLMS GET of 0.0.96.1.0.255 over an association
 * on that connection), for meters whose pushes do not say who they are.
 */
@FunctionalInterface
public interface MeterIdentifier {
  CompletableFuture<String> identify(Channel channel);

  MeterIdentifier NONE =
      ch ->
          CompletableFuture.failedFuture(
              new IllegalStateException("this head-end does not read serials from meters"));
}
