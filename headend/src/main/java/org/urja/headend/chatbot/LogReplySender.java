package org.urja.headend.chatbot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Replies written to the log: the chatbot works (and is testable) before a WhatsApp number is set up. */
public final class LogReplySender implements ReplySender {
  private static final Logger log = LoggerFactory.getLogger(LogReplySender.class);

  @Override
  public String send(String phone, String text) {
    log.info("chatbot reply to {}: {}", phone, text);
    return "logged";
  }
}
