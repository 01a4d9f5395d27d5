package org.urja.headend.commands;

import io.netty.channel.Channel;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Opens a connection to a meter that listens for the head-end: empty when the meter has no dial
 * address (it can only be reached over a connection it opens itself).
 */
public interface MeterDialler {
  MeterDialler NONE =
      new MeterDialler() {
        @Override
        public Optional<CompletableFuture<Channel>> dial(String serial) {
          return Optional.empty();
        }

        @Override
        public boolean listens(String serial) {
          return false;
        }
      };

  Optional<CompletableFuture<Channel>> dial(String serial);

  /** True when the meter has an address to dial. */
  boolean listens(String serial);
}
