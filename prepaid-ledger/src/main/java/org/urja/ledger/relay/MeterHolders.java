package org.urja.ledger.relay;

import java.util.Collection;
import java.util.Set;

/**
 * Which meters another head-end node carries: a meter's TCP association lives on the node its
 * connection landed on, and a relay command for it is that node's to send. The ledger knows nothing
 * of associations (the ingest keeps them); the head-end answers from the ingest's session
 * directory.
 */
@FunctionalInterface
public interface MeterHolders {
  /** No other node: this one claims every command (one node, or the ledger alone). */
  MeterHolders NONE = serials -> Set.of();

  /** Of {@code meterSerials}, those whose association is live on another node. */
  Set<String> heldByOtherNodes(Collection<String> meterSerials);
}
