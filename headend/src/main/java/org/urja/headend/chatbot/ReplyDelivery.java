package org.urja.headend.chatbot;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends chatbot replies off the webhook's thread, so Meta gets its 200 at once, and sends a reply
 * the Graph API did not take (network error, HTTP 429 or 5xx) again after a few seconds, twice at
 * most: the consumer is waiting with the chat open, so a reply seconds late still helps and one
 * minutes late does not. A refusal (other 4xx) is not retried. Every reply's fate is in {@code
 * chat_messages.status}.
 */
public final class ReplyDelivery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReplyDelivery.class);
  static final List<Duration> DEFAULT_BACKOFF =
      List.of(Duration.ofSeconds(2), Duration.ofSeconds(8));

  private final ReplySender sender;
  private final Conversations conversations;
  private final List<Duration> backoff;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "urja-chatbot-replies");
            t.setDaemon(true);
            return t;
          });

  ReplyDelivery(ReplySender sender, Conversations conversations, List<Duration> backoff) {
    this.sender = sender;
    this.conversations = conversations;
    this.backoff = List.copyOf(backoff);
  }

  /** Logs the reply as queued and sends it in the background. */
  void deliver(String phone, String text) {
    queue(phone, text, () -> sender.send(phone, text));
  }

  /**
   * Logs the document (its caption and link) as queued and sends it after any reply queued before
   * it.
   */
  void deliver(String phone, Reply.Document document) {
    queue(
        phone,
        document.caption() + " " + document.link(),
        () -> sender.sendDocument(phone, document));
  }

  private void queue(String phone, String logged, java.util.function.Supplier<String> send) {
    long id = conversations.queued(phone, logged);
    try {
      executor.execute(() -> attempt(id, phone, send, 0));
    } catch (RejectedExecutionException e) {
      conversations.status(id, "failed:stopping");
    }
  }

  private void attempt(
      long id, String phone, java.util.function.Supplier<String> send, int retriesDone) {
    String status;
    try {
      status = send.get();
    } catch (RuntimeException e) {
      log.warn("chatbot reply {} to {} failed: {}", id, Phones.masked(phone), e.toString());
      status = "failed:error";
    }
    if (!retryable(status) || retriesDone >= backoff.size()) {
      conversations.status(id, status);
      return;
    }
    conversations.status(id, "retrying:" + status);
    try {
      executor.schedule(
          () -> attempt(id, phone, send, retriesDone + 1),
          backoff.get(retriesDone).toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      conversations.status(id, status);
    }
  }

  /** Worth another try: the network, rate limiting or the Graph API's own trouble. */
  static boolean retryable(String status) {
    return status.equals("failed:io")
        || status.equals("failed:429")
        || status.matches("failed:5\\d\\d");
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
  }
}
