package org.urja.protocol.server;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.urja.protocol.apdu.Conformance;
import org.urja.protocol.security.AssociationSpec;
import org.urja.protocol.security.MeterSecrets;

/**
 * How a COSEM server associates: the low-level-security password it demands (none: lowest-level
 * security is accepted), optionally per client wPort as IS 15959-2 meters do (public client 0x10
 * without authentication, meter reader 0x20 with a password), its own max receive PDU size, the
 * conformance it offers, and the wPorts it pushes DataNotifications from and to.
 */
public record ServerSettings(
    Optional<String> password,
    Map<Integer, Optional<String>> clientPasswords,
    int serverMaxReceivePduSize,
    Conformance conformance,
    int logicalDeviceWPort,
    int pushDestinationWPort,
    Optional<StrictAssociations> strict) {

  public static final int DEFAULT_MAX_PDU = 1024;
  public static final int MANAGEMENT_LOGICAL_DEVICE = 0x01;
  public static final int PUBLIC_CLIENT = 0x10;

  public ServerSettings(
      Optional<String> password,
      Map<Integer, Optional<String>> clientPasswords,
      int serverMaxReceivePduSize,
      Conformance conformance,
      int logicalDeviceWPort,
      int pushDestinationWPort) {
    this(
        password,
        clientPasswords,
        serverMaxReceivePduSize,
        conformance,
        logicalDeviceWPort,
        pushDestinationWPort,
        Optional.empty());
  }

  public ServerSettings {
    clientPasswords = Map.copyOf(clientPasswords);
    if (serverMaxReceivePduSize < 64 || serverMaxReceivePduSize > 0xFFFF) {
      throw new IllegalArgumentException("server max receive PDU size must be 64..65535");
    }
  }

  /** Lowest-level security for every client, the defaults of a typical meter. */
  public static ServerSettings open() {
    return new ServerSettings(
        Optional.empty(),
        Map.of(),
        DEFAULT_MAX_PDU,
        Conformance.SUPPORTED,
        MANAGEMENT_LOGICAL_DEVICE,
        PUBLIC_CLIENT);
  }

  /**
   * An IS 15959-2 meter: public client 0x10 without security and read-only, meter reader 0x20 with
   * the LLS password (read-only), utility settings 0x30 with HLS-GMAC and suite-0 ciphering (the
   * one that may SET and ACTION). Any other client SAP is refused. The meter's frame counter starts
   * at the current Unix second, so a restarted simulator keeps counting upwards.
   */
  public static ServerSettings is15959(MeterSecrets secrets, byte[] systemTitle) {
    Map<Integer, ClientAccess> clients =
        Map.of(
            0x10,
                new ClientAccess(
                    AssociationSpec.Authentication.NONE, false, ClientAccess.READ_ONLY),
            0x20,
                new ClientAccess(AssociationSpec.Authentication.LOW, false, ClientAccess.READ_ONLY),
            0x30,
                new ClientAccess(
                    AssociationSpec.Authentication.HIGH_GMAC, true, Conformance.SUPPORTED));
    return open()
        .strict(
            new StrictAssociations(
                systemTitle, secrets, clients, System.currentTimeMillis() / 1000));
  }

  /** Only the clients {@code associations} lists may associate, each by its own rule. */
  public ServerSettings strict(StrictAssociations associations) {
    return new ServerSettings(
        password,
        clientPasswords,
        serverMaxReceivePduSize,
        conformance,
        logicalDeviceWPort,
        pushDestinationWPort,
        Optional.of(associations));
  }

  /** Low-level security with one password for every client. */
  public static ServerSettings withPassword(String password) {
    return open().password(password);
  }

  public ServerSettings password(String newPassword) {
    return new ServerSettings(
        Optional.of(newPassword),
        clientPasswords,
        serverMaxReceivePduSize,
        conformance,
        logicalDeviceWPort,
        pushDestinationWPort,
        strict);
  }

  /** A client wPort with its own rule: a password, or none for lowest-level security. */
  public ServerSettings client(int clientWPort, Optional<String> clientPassword) {
    Map<Integer, Optional<String>> m = new HashMap<>(clientPasswords);
    m.put(clientWPort, clientPassword);
    return new ServerSettings(
        password,
        m,
        serverMaxReceivePduSize,
        conformance,
        logicalDeviceWPort,
        pushDestinationWPort,
        strict);
  }

  public ServerSettings maxReceivePduSize(int size) {
    return new ServerSettings(
        password,
        clientPasswords,
        size,
        conformance,
        logicalDeviceWPort,
        pushDestinationWPort,
        strict);
  }

  public ServerSettings pushDestination(int wPort) {
    return new ServerSettings(
        password,
        clientPasswords,
        serverMaxReceivePduSize,
        conformance,
        logicalDeviceWPort,
        wPort,
        strict);
  }

  /** The password the client at {@code clientWPort} must give; empty when none is needed. */
  Optional<byte[]> passwordBytes(int clientWPort) {
    return clientPasswords
        .getOrDefault(clientWPort, password)
        .map(p -> p.getBytes(StandardCharsets.US_ASCII));
  }
}
