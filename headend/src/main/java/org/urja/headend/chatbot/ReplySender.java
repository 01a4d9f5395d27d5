package org.urja.headend.chatbot;

/** Sends a chatbot reply to a phone number; returns a short delivery status for the message log. */
public interface ReplySender {
  String send(String phone, String text);
}
