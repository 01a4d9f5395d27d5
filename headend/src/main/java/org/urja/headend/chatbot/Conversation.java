package org.urja.headend.chatbot;

/**
 * Where one phone number is in the conversation: its language, the step it is on, the account it
 * has linked and what the step is waiting for ({@code pending}: an account ID awaiting its OTP).
 */
record Conversation(String phone, String language, String state, String accountId, String pending) {

  static final String MENU = "menu";
  static final String AWAIT_ACCOUNT = "await_account";
  static final String AWAIT_OTP = "await_otp";
  static final String AWAIT_CATEGORY = "await_category";
  static final String AWAIT_COMPLAINT_NUMBER = "await_complaint_number";

  Conversation to(String newState) {
    return new Conversation(phone, language, newState, accountId, null);
  }

  Conversation awaiting(String newState, String pendingValue) {
    return new Conversation(phone, language, newState, accountId, pendingValue);
  }

  Conversation inLanguage(String lang) {
    return new Conversation(phone, lang, state, accountId, pending);
  }

  Conversation linkedTo(String account) {
    return new Conversation(phone, language, MENU, account, null);
  }

  String subject() {
    return "wa:" + phone;
  }
}
