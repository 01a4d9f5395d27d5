package org.urja.headend.commands;

import org.urja.protocol.client.ClientSettings;

/**
 * Which association the head-end opens with a meter for a purpose: client SAP, server address,
 * authentication. Today {@link ConfiguredAssociations} gives one set of settings per purpose for
 * every meter (lowest-level or LLS security); the per-model associations with HLS-GMAC (IS 15959:
 * 16 public, 32 LLS reader, 48 HLS utility settings) plug in as another implementation that looks
 * up the meter's model and keys.
 */
@FunctionalInterface
public interface AssociationPolicy {
  /**
   * @param meterSerial the meter, or null while it is not identified yet (the first read on a new
   *     connection is the one that learns its serial)
   */
  ClientSettings settingsFor(String meterSerial, CommandPurpose purpose);
}
