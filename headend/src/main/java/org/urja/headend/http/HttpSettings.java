package org.urja.headend.http;

import java.time.Duration;

/**
 * How the HTTP endpoint protects itself from slow and greedy clients.
 *
 * @param bind address to listen on ({@code 0.0.0.0} every interface, {@code 127.0.0.1} loopback
 *     only)
 * @param port TCP port ({@code 0}: any free port)
 * @param readTimeout a request's line, headers and body must all have arrived within this time of
 *     its first byte (or of the connection opening, or of the previous answer on a kept-alive
 *     connection); otherwise the connection is closed. Never held by a worker thread meanwhile.
 * @param workerThreads threads running handlers (only complete requests reach them)
 * @param queueCapacity complete requests waiting for a worker; beyond it the answer is 503 at once
 * @param maxBodyBytes larger request bodies are answered 413 and the connection closed
 * @param maxConnections open connections beyond this are closed as they arrive
 */
public record HttpSettings(
    String bind,
    int port,
    Duration readTimeout,
    int workerThreads,
    int queueCapacity,
    int maxBodyBytes,
    int maxConnections) {

  public HttpSettings {
    if (readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("http.read.timeout must be positive");
    }
    if (workerThreads < 1 || queueCapacity < 1 || maxBodyBytes < 1 || maxConnections < 1) {
      throw new IllegalArgumentException(
          "http.threads, http.queue, http.max.body and http.max.connections must be positive");
    }
  }

  public static HttpSettings defaults(int port) {
    return new HttpSettings("0.0.0.0", port, Duration.ofSeconds(10), 16, 200, 1024 * 1024, 2000);
  }

  public HttpSettings withBind(String address) {
    return new HttpSettings(
        address, port, readTimeout, workerThreads, queueCapacity, maxBodyBytes, maxConnections);
  }

  public HttpSettings withReadTimeout(Duration timeout) {
    return new HttpSettings(
        bind, port, timeout, workerThreads, queueCapacity, maxBodyBytes, maxConnections);
  }

  public HttpSettings withWorkers(int threads, int queue) {
    return new HttpSettings(bind, port, readTimeout, threads, queue, maxBodyBytes, maxConnections);
  }

  public HttpSettings withMaxBodyBytes(int bytes) {
    return new HttpSettings(
        bind, port, readTimeout, workerThreads, queueCapacity, bytes, maxConnections);
  }
}
