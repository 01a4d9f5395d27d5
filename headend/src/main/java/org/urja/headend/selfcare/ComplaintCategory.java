package org.urja.headend.selfcare;

import java.util.List;
import org.urja.headend.api.ApiError;

/** The kinds of complaint a consumer can register, in the chatbot's menu order. */
public enum ComplaintCategory {
  SUPPLY_INTERRUPTION("supply_interruption", "No power supply", "बिजली नहीं आ रही"),
  FAULTY_METER("faulty_meter", "Faulty meter", "मीटर खराब"),
  BILL_CORRECTION("bill_correction", "Bill / balance correction", "बिल / बैलेंस सुधार"),
  NEW_CONNECTION("new_connection", "New connection", "नया कनेक्शन");

  private final String wire;
  private final String english;
  private final String hindi;

  ComplaintCategory(String wire, String english, String hindi) {
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

  public static ComplaintCategory fromWire(String s) {
    for (ComplaintCategory c : values()) {
      if (c.wire.equals(s)) {
        return c;
      }
    }
    throw ApiError.badField(
        "category",
        "category must be one of "
            + List.of(values()).stream().map(ComplaintCategory::wire).toList());
  }
}
