package org.urja.ledger.alerts;

/** What a channel did with one message. */
public record DeliveryResult(Outcome outcome, String error) {

  public enum Outcome {
    /** Accepted by the receiving end. */
    DELIVERED,
    /** Failed in a way that may pass later (timeouts, 5xx, 429): retried with backoff. */
    RETRY,
    /** The receiver refused it for good (4xx): dead-lettered at once. */
    REJECTED
  }

  public static DeliveryResult delivered() {
    return new DeliveryResult(Outcome.DELIVERED, null);
  }

  public static DeliveryResult retry(String error) {
    return new DeliveryResult(Outcome.RETRY, error);
  }

  public static DeliveryResult rejected(String error) {
    return new DeliveryResult(Outcome.REJECTED, error);
  }
}
