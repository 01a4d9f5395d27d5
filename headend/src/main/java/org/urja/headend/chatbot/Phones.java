package org.urja.headend.chatbot;

/** A consumer's number as logs may show it: the last four digits only (logs travel far). */
final class Phones {
  private Phones() {}

  static String masked(String phone) {
    if (phone == null) {
      return "****";
    }
    return phone.length() <= 4
        ? "****"
        : "*".repeat(phone.length() - 4) + phone.substring(phone.length() - 4);
  }
}
