package org.urja.headend.commands;

import org.urja.protocol.client.ClientSettings;

/**
 * Which association the head-end opens with a meter for a purpose: client SAP, server address,
 * authentication, keys. The head-end's is {@link ModelAssociationPolicy} (each meter's model and
 * keys); tests give fixed settings.
 */
@FunctionalInterface
public interface AssociationPolicy {
  /**
   * @param meterSerial the meter, or null while it is not identified yet (the first read on a new
   *     connection is the one that learns its serial)
   * @throws org.urja.protocol.client.AssociationUnavailableException when the meter lacks the keys
   *     the purpose needs, or its model's association is not fit for it
   */
  ClientSettings settingsFor(String meterSerial, CommandPurpose purpose);
}
