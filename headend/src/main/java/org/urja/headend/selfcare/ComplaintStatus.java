package org.urja.headend.selfcare;

import java.util.Arrays;
import org.urja.headend.api.ApiError;

/** Where a complaint stands, as the operator sets it and the consumer is told it. */
public enum ComplaintStatus {
  OPEN("open", "open", "खुली"),
  IN_PROGRESS("in_progress", "in progress", "कार्यवाही जारी"),
  RESOLVED("resolved", "resolved", "हल हो गई"),
  CLOSED("closed", "closed", "बंद");

  private final String wire;
  private final String english;
  private final String hindi;

  ComplaintStatus(String wire, String english, String hindi) {
    this.wire = wire;
    this.english = english;
    this.hindi = hindi;
  }

  public String wire() {
    return wire;
  }

  public String label(boolean inHindi) {
    return inHindi ? hindi : english;
  }

  public static ComplaintStatus fromWire(String s) {
    return Arrays.stream(values())
        .filter(v -> v.wire.equals(s))
        .findFirst()
        .orElseThrow(
            () ->
                ApiError.badField(
                    "status", "status must be open, in_progress, resolved or closed"));
  }
}
