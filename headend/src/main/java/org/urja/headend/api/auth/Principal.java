package org.urja.headend.api.auth;

/**
 * Who is calling. {@code subject} identifies the key in audit rows and consumer links ({@code
 * key:{id}}, or {@code config:{n}} for a bootstrap token); {@code utilityId} null means every
 * utility.
 */
public record Principal(String subject, String name, Role role, String utilityId) {

  public boolean is(Role r) {
    return role == r;
  }

  public boolean seesUtility(String utility) {
    return utilityId == null || utilityId.equals(utility);
  }
}
