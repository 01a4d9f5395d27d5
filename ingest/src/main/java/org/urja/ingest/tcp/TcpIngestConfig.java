package org.urja.ingest.tcp;

import java.time.Duration;

/**
 * @param bindAddress address to listen on
 * @param port DLMS/COSEM over TCP, IANA port 4059
 * @param maxApduLength frames announcing more are refused (a meter's push is a few hundred bytes)
 * @param idleTimeout a meter silent this long is disconnected; it will dial again
 * @param ioThreads Netty event loop threads (0 = 2 × cores)
 * @param cipherThreads threads opening ciphered pushes: each waits on one database round trip (the
 *     frame counter) per push, so more threads than cores pay off, up to the database pool
 */
public record TcpIngestConfig(
    String bindAddress,
    int port,
    int maxApduLength,
    Duration idleTimeout,
    int ioThreads,
    int cipherThreads) {
  public static final int DEFAULT_CIPHER_THREADS = 4;

  public TcpIngestConfig {
    if (cipherThreads < 1) {
      throw new IllegalArgumentException(
          "tcp.cipher.threads must be at least 1, got " + cipherThreads);
    }
  }

  public TcpIngestConfig(
      String bindAddress, int port, int maxApduLength, Duration idleTimeout, int ioThreads) {
    this(bindAddress, port, maxApduLength, idleTimeout, ioThreads, DEFAULT_CIPHER_THREADS);
  }

  public static TcpIngestConfig defaults() {
    return new TcpIngestConfig("0.0.0.0", 4059, 4096, Duration.ofHours(1), 0);
  }

  public TcpIngestConfig withPort(int p) {
    return new TcpIngestConfig(
        bindAddress, p, maxApduLength, idleTimeout, ioThreads, cipherThreads);
  }
}
