package org.urja.headend.commands;

/** The meter has no live connection to this node (and cannot be dialled): retry later. */
public class MeterUnreachableException extends RuntimeException {
  public MeterUnreachableException(String serial) {
    super("meter " + serial + " is not connected to this head-end");
  }
}
