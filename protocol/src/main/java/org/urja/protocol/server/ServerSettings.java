package org.urja.protocol.server;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.urja.protocol.apdu.Conformance;

/**
 * How a COSEM server associates: the low-level-security password it demands (none: lowest-level
 * security is accepted), its own max receive PDU size, the conformance it offers, and the wPorts
 * it pushes DataNotifications from and to.
 */
public record ServerSettings(
    Optional<String> password,
    int serverMaxReceivePduSize,
    Conformance conformance,
    int logicalDeviceWPort,
    int pushDestinationWPort) {

  public static final int DEFAULT_MAX_PDU = 1024;
  public static final int MANAGEMENT_LOGICAL_DEVICE = 0x01;
  public static final int PUBLIC_CLIENT = 0x10;

  public ServerSettings {
    if (serverMaxReceivePduSize < 64 || serverMaxReceivePduSize > 0xFFFF) {
      throw new IllegalArgumentException("server max receive PDU size must be 64..65535");
    }
  }

  /** Lowest-level security, the defaults of a typical meter. */
  public static ServerSettings open() {
    return new ServerSettings(Optional.empty(), DEFAULT_MAX_PDU, Conformance.SUPPORTED, MANAGEMENT_LOGICAL_DEVICE, PUBLIC_CLIENT);
  }

  public static ServerSettings withPassword(String password) {
    return open().password(password);
  }

  public ServerSettings password(String newPassword) {
    return new ServerSettings(
        Optional.of(newPassword), serverMaxReceivePduSize, conformance, logicalDeviceWPort, pushDestinationWPort);
  }

  public ServerSettings maxReceivePduSize(int size) {
    return new ServerSettings(password, size, conformance, logicalDeviceWPort, pushDestinationWPort);
  }

  Optional<byte[]> passwordBytes() {
    return password.map(p -> p.getBytes(StandardCharsets.US_ASCII));
  }
}
