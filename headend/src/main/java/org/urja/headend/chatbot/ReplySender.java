package org.urja.headend.chatbot;

/** Sends a chatbot reply to a phone number; returns a short delivery status for the message log. */
public interface ReplySender {
  String send(String phone, String text);

  /**
   * Sends a document (a PDF by link); a sender that cannot send documents sends the link as text.
   */
  default String sendDocument(String phone, Reply.Document document) {
    return send(phone, document.caption() + " " + document.link());
  }
}
