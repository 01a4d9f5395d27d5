package org.urja.headend.commands;

/**
 * What a command asks of a meter's association, weakest first. Meters grant services per
 * association (IS 15959: the public client only reads; the utility-settings association may also
 * SET and ACTION), so the head-end picks the association by purpose. An association opened for a
 * stronger purpose serves the weaker ones too.
 */
public enum CommandPurpose {
  READ,
  SET,
  ACTION;

  /** True when an association opened for this purpose also serves {@code other}. */
  public boolean covers(CommandPurpose other) {
    return compareTo(other) >= 0;
  }
}
