package org.urja.protocol.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.urja.protocol.apdu.Aarq;
import org.urja.protocol.apdu.Conformance;
import org.urja.protocol.apdu.InitiateRequest;

/**
 * How the head-end associates with a meter: its client wPort (0x10 public client, 0x01
 * management...), the meter's logical device wPort, the low-level-security password if any, the
 * largest PDU the head-end accepts, the conformance it proposes, and how long it waits for each
 * response.
 */
public record ClientSettings(
    int clientWPort,
    int serverWPort,
    Optional<String> password,
    int maxReceivePduSize,
    Conformance conformance,
    Duration responseTimeout) {

  public static final int PUBLIC_CLIENT = 0x10;
  public static final int MANAGEMENT_LOGICAL_DEVICE = 0x01;

  public ClientSettings {
    if (maxReceivePduSize < 12 || maxReceivePduSize > 0xFFFF) {
      throw new IllegalArgumentException("max receive PDU size must be 12..65535");
    }
    if (responseTimeout.isNegative() || responseTimeout.isZero()) {
      throw new IllegalArgumentException("response timeout must be positive");
    }
  }

  /** Public client, lowest-level security, 1200-byte PDUs, 10 s per response. */
  public static ClientSettings publicClient() {
    return new ClientSettings(
        PUBLIC_CLIENT,
        MANAGEMENT_LOGICAL_DEVICE,
        Optional.empty(),
        1200,
        Conformance.SUPPORTED,
        Duration.ofSeconds(10));
  }

  public ClientSettings withPassword(String pw) {
    return new ClientSettings(
        clientWPort, serverWPort, Optional.of(pw), maxReceivePduSize, conformance, responseTimeout);
  }

  public ClientSettings withClientWPort(int wPort) {
    return new ClientSettings(
        wPort, serverWPort, password, maxReceivePduSize, conformance, responseTimeout);
  }

  public ClientSettings withMaxReceivePduSize(int size) {
    return new ClientSettings(
        clientWPort, serverWPort, password, size, conformance, responseTimeout);
  }

  public ClientSettings withResponseTimeout(Duration timeout) {
    return new ClientSettings(
        clientWPort, serverWPort, password, maxReceivePduSize, conformance, timeout);
  }

  /** The AARQ these settings call for. */
  public Aarq aarq() {
    InitiateRequest init = InitiateRequest.of(conformance, maxReceivePduSize);
    return password.isPresent()
        ? Aarq.lowLevel(password.get().getBytes(StandardCharsets.US_ASCII), init)
        : Aarq.lowest(init);
  }
}
