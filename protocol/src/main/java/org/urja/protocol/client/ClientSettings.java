package org.urja.protocol.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.urja.protocol.apdu.Aarq;
import org.urja.protocol.apdu.Conformance;
import org.urja.protocol.apdu.InitiateRequest;
import org.urja.protocol.security.AssociationSpec;
import org.urja.protocol.security.MeterSecrets;

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
    Duration responseTimeout,
    Optional<ClientSecurity> security) {

  public static final int PUBLIC_CLIENT = 0x10;
  public static final int MANAGEMENT_LOGICAL_DEVICE = 0x01;

  public ClientSettings(
      int clientWPort,
      int serverWPort,
      Optional<String> password,
      int maxReceivePduSize,
      Conformance conformance,
      Duration responseTimeout) {
    this(
        clientWPort,
        serverWPort,
        password,
        maxReceivePduSize,
        conformance,
        responseTimeout,
        Optional.empty());
  }

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
        clientWPort,
        serverWPort,
        Optional.of(pw),
        maxReceivePduSize,
        conformance,
        responseTimeout,
        security);
  }

  public ClientSettings withClientWPort(int wPort) {
    return new ClientSettings(
        wPort, serverWPort, password, maxReceivePduSize, conformance, responseTimeout, security);
  }

  public ClientSettings withMaxReceivePduSize(int size) {
    return new ClientSettings(
        clientWPort, serverWPort, password, size, conformance, responseTimeout, security);
  }

  public ClientSettings withResponseTimeout(Duration timeout) {
    return new ClientSettings(
        clientWPort, serverWPort, password, maxReceivePduSize, conformance, timeout, security);
  }

  /** Ciphering (and HLS-GMAC when {@code security.hlsGmac()}) with these keys and counters. */
  public ClientSettings withSecurity(ClientSecurity newSecurity) {
    return new ClientSettings(
        clientWPort,
        serverWPort,
        password,
        maxReceivePduSize,
        conformance,
        responseTimeout,
        Optional.of(newSecurity));
  }

  /**
   * The settings for one of a meter model's associations. {@code security} is required when the
   * association is ciphered or uses HLS, and must then say HLS-GMAC exactly when the association
   * does; the LLS password comes from the meter's secrets.
   */
  public static ClientSettings forAssociation(
      AssociationSpec spec, MeterSecrets secrets, Optional<ClientSecurity> security) {
    ClientSettings s =
        publicClient()
            .withClientWPort(spec.clientSap())
            .withServerWPort(spec.serverLogicalAddress());
    if (spec.authentication() == AssociationSpec.Authentication.LOW) {
      byte[] pw =
          secrets
              .llsPassword()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "association " + spec.name() + " needs the meter's LLS password"));
      s = s.withPassword(new String(pw, StandardCharsets.US_ASCII));
    }
    if (spec.needsSystemTitle()) {
      ClientSecurity sec =
          security.orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "association " + spec.name() + " is ciphered: it needs keys and counters"));
      boolean hls = spec.authentication() == AssociationSpec.Authentication.HIGH_GMAC;
      if (sec.hlsGmac() != hls) {
        throw new IllegalArgumentException(
            "association " + spec.name() + ": HLS-GMAC is " + hls + " in the model");
      }
      s = s.withSecurity(sec);
    }
    return s;
  }

  public ClientSettings withServerWPort(int wPort) {
    return new ClientSettings(
        clientWPort, wPort, password, maxReceivePduSize, conformance, responseTimeout, security);
  }

  /** The AARQ these settings call for, without ciphering (see {@link ClientCiphering}). */
  public Aarq aarq() {
    InitiateRequest init = InitiateRequest.of(conformance, maxReceivePduSize);
    return password.isPresent()
        ? Aarq.lowLevel(password.get().getBytes(StandardCharsets.US_ASCII), init)
        : Aarq.lowest(init);
  }
}
