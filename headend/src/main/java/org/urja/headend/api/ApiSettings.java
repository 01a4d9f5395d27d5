package org.urja.headend.api;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * What the operations API is configured with (parsed from the node's configuration in {@code app}).
 *
 * @param gatewayTokens bootstrap bearer tokens with the {@code payment-gateway} role
 * @param operatorTokens bootstrap bearer tokens with the {@code operator} role
 * @param zone civil time of statements and daily figures ({@code utility.zone})
 */
public record ApiSettings(List<String> gatewayTokens, List<String> operatorTokens, ZoneId zone) {

  public ApiSettings {
    gatewayTokens = List.copyOf(gatewayTokens);
    operatorTokens = List.copyOf(operatorTokens);
    Objects.requireNonNull(zone, "utility.zone");
  }
}
