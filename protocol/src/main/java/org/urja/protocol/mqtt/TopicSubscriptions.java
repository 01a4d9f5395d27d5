package org.urja.protocol.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttAsyncClient;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topic filters an MQTT client must hold, subscribed again on every connect; the client's owner
 * waits once, at start, until the broker has granted them all.
 *
 * <p>Why on every connect rather than once: a clean session forgets its subscriptions, and even a
 * persistent session has none when the connection dropped before the SUBACK. That happens: the
 * embedded Moquette 0.17 closes a connection whose SUBSCRIBE arrives right after its CONNACK,
 * before it has marked the connection connected. A SUBSCRIBE sent and waited for synchronously then
 * fails with "Connection lost"; sent from {@code connectComplete}, it is sent again on the
 * automatic reconnect and start-up carries on. Renewing a subscription the broker still holds is
 * harmless.
 */
public final class TopicSubscriptions {
  private static final Logger log = LoggerFactory.getLogger(TopicSubscriptions.class);

  /**
   * SUBACK return code for a refused filter (MQTT 3.1.1 §3.9.3); MQTT 5 failure reason codes are
   * all above it.
   */
  private static final int REFUSED = 0x80;

  private final List<String> filters;
  private final int qos;
  private final int filtersPerPacket;
  private final CompletableFuture<Void> granted = new CompletableFuture<>();

  /**
   * @param filtersPerPacket how many filters one SUBSCRIBE carries, so a gateway with thousands of
   *     meters sends a few packets rather than one huge one
   */
  public TopicSubscriptions(List<String> filters, int qos, int filtersPerPacket) {
    if (filters.isEmpty()) {
      throw new IllegalArgumentException("no topic filters to subscribe to");
    }
    this.filters = List.copyOf(filters);
    this.qos = qos;
    this.filtersPerPacket = Math.max(1, filtersPerPacket);
  }

  public static TopicSubscriptions of(int qos, String... filters) {
    return new TopicSubscriptions(Arrays.asList(filters), qos, 100);
  }

  public List<String> filters() {
    return filters;
  }

  /**
   * How one SUBSCRIBE packet is sent by a given client (MQTT 3.1.1 or 5): completes with the
   * broker's granted QoS or reason code per filter, 0x80 and above meaning refused.
   */
  @FunctionalInterface
  public interface Subscriber {
    CompletableFuture<int[]> subscribe(String[] filters, int[] qos) throws Exception;
  }

  /**
   * Sends the SUBSCRIBE packets without waiting; call it from {@code connectComplete}, initial
   * connection and reconnections alike. A failure is logged: the next reconnect tries again.
   */
  public void subscribe(IMqttAsyncClient client) {
    subscribe(
        client.getClientId(),
        (chunk, qosList) -> {
          CompletableFuture<int[]> ack = new CompletableFuture<>();
          client.subscribe(
              chunk,
              qosList,
              null,
              new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                  int[] codes = token.getGrantedQos();
                  ack.complete(codes == null ? new int[0] : codes);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                  ack.completeExceptionally(cause);
                }
              });
          return ack;
        });
  }

  /** {@link #subscribe(IMqttAsyncClient)} for any client, through its {@link Subscriber}. */
  public void subscribe(String clientId, Subscriber subscriber) {
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    try {
      for (int from = 0; from < filters.size(); from += filtersPerPacket) {
        String[] chunk =
            filters
                .subList(from, Math.min(filters.size(), from + filtersPerPacket))
                .toArray(String[]::new);
        int[] qosList = new int[chunk.length];
        Arrays.fill(qosList, qos);
        CompletableFuture<Void> ack =
            subscriber
                .subscribe(chunk, qosList)
                .thenAccept(
                    codes -> {
                      for (int i = 0; i < codes.length; i++) {
                        if (codes[i] >= REFUSED) {
                          granted.completeExceptionally(
                              new MqttException(MqttException.REASON_CODE_SUBSCRIBE_FAILED));
                          log.error(
                              "broker refused the subscription to {} for {} (code 0x{})",
                              chunk[Math.min(i, chunk.length - 1)],
                              clientId,
                              Integer.toHexString(codes[i]));
                          return;
                        }
                      }
                    });
        acks.add(ack);
      }
    } catch (Exception e) {
      log.warn(
          "{} could not subscribe to {}: {} (tries again on reconnect)",
          clientId,
          filters,
          e.toString());
      return;
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
        .whenComplete(
            (ok, err) -> {
              if (err == null) {
                granted.complete(null);
              } else {
                log.warn(
                    "{} lost its subscription to {} before the broker granted it: {} (tries again on reconnect)",
                    clientId,
                    filters,
                    err.toString());
              }
            });
  }

  /** Blocks until every filter has been granted on some connection, or throws after the timeout. */
  public void awaitGranted(Duration timeout) throws MqttException {
    try {
      granted.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof MqttException m ? m : new MqttException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MqttException(e);
    }
  }
}
