package org.urja.protocol.cosem;

import org.urja.protocol.axdr.DlmsData;

/**
 * Selective access to an attribute: access_selector and its parameters. For a profile generic
 * (class 7) buffer, selector 1 is by range (restricting object, from, to, selected values) and
 * selector 2 by entry.
 */
public record SelectiveAccess(int selector, DlmsData parameters) {
  public static final int BY_RANGE = 1;
  public static final int BY_ENTRY = 2;
}
