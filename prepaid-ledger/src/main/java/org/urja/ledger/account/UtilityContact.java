package org.urja.ledger.account;

import java.util.ArrayList;
import java.util.List;

/**
 * How a utility's consumers reach it, as the discom publishes it: every field is optional, and only
 * what is given is shown (the chatbot's "6 Contact us", {@code GET
 * /api/selfcare/utilities/{id}/contact}).
 *
 * @param helpline the complaint/helpline number, e.g. "1912"
 * @param whatsapp the utility's WhatsApp number, if it runs one
 * @param email the consumer-care address
 * @param website where consumers find the utility online
 * @param officeHours when the offices and counters are open, e.g. "Mon–Sat 10:00–17:00"
 */
public record UtilityContact(
    String helpline, String whatsapp, String email, String website, String officeHours) {

  public UtilityContact {
    helpline = blankToNull(helpline);
    whatsapp = blankToNull(whatsapp);
    email = blankToNull(email);
    website = blankToNull(website);
    officeHours = blankToNull(officeHours);
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
      throw new IllegalArgumentException("contact.email is not an e-mail address: " + email);
    }
    if (website != null && !website.matches("https?://\\S+")) {
      throw new IllegalArgumentException("contact.website must be an http(s) URL: " + website);
    }
  }

  public static UtilityContact none() {
    return new UtilityContact(null, null, null, null, null);
  }

  public boolean publishesNothing() {
    return helpline == null
        && whatsapp == null
        && email == null
        && website == null
        && officeHours == null;
  }

  /** The published lines, labelled in English or Hindi, in a fixed order. */
  public List<String> lines(boolean hindi) {
    List<String> out = new ArrayList<>();
    add(out, hindi ? "हेल्पलाइन" : "Helpline", helpline);
    add(out, "WhatsApp", whatsapp);
    add(out, hindi ? "ईमेल" : "Email", email);
    add(out, hindi ? "वेबसाइट" : "Website", website);
    add(out, hindi ? "कार्यालय समय" : "Office hours", officeHours);
    return out;
  }

  private static void add(List<String> out, String label, String value) {
    if (value != null) {
      out.add(label + ": " + value);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
