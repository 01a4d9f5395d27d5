package org.urja.headend.chatbot;

/**
 * What the chatbot answers one message with: a text, and sometimes a document after it (a bill's
 * PDF, sent as a WhatsApp "document" message with a signed link and a file name).
 */
public record Reply(String text, Document document) {

  /** A document the Graph API fetches from {@code link} and shows as {@code filename}. */
  public record Document(String link, String filename, String caption) {}

  public static Reply text(String text) {
    return new Reply(text, null);
  }
}
