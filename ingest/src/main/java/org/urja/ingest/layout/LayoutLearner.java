package org.urja.ingest.layout;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.urja.protocol.obis.ObisCode;

/**
 * Asks the meter on a connection what its object model really is and keeps the answer, so the
 * meter's pushes are decoded by what it says rather than by what its model file assumes.
 */
public interface LayoutLearner {
  /** Whether anything was ever learned from {@code serial} (on any node). */
  boolean learned(String serial);

  /**
   * Reads the meter's push object lists (the model's push setups and {@code pushSetups}), scalers
   * and capture objects over {@code channel}, stores them for {@code serial}; completes when a push
   * decoded after it uses them.
   */
  CompletableFuture<Void> learn(Channel channel, String serial, Set<ObisCode> pushSetups);

  /**
   * A push kept while its meter was asked and still not decodable afterwards: handed over whole so
   * an operator can see it (a dead letter), since the meter will not send it again.
   */
  void gaveUp(String serialOrNull, String origin, String reason, String detail, byte[] apdu);

  LayoutLearner NONE =
      new LayoutLearner() {
        @Override
        public boolean learned(String serial) {
          return true;
        }

        @Override
        public CompletableFuture<Void> learn(
            Channel channel, String serial, Set<ObisCode> pushSetups) {
          return CompletableFuture.failedFuture(
              new IllegalStateException("this head-end does not learn meter layouts"));
        }

        @Override
        public void gaveUp(
            String serialOrNull, String origin, String reason, String detail, byte[] apdu) {}
      };
}
