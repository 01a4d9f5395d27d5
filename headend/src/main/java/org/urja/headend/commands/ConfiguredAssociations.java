package org.urja.headend.commands;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.urja.protocol.client.ClientSettings;

/**
 * One association per purpose for every meter, from configuration: the client SAP (wPort) and, for
 * low-level security, its password. With the defaults, reads go over the public client (16) and
 * SET/ACTION over the management client (1); a meter that demands a password for that client gets
 * it from {@code dlms.action.password}.
 */
public final class ConfiguredAssociations implements AssociationPolicy {
  private final Map<CommandPurpose, ClientSettings> byPurpose;

  /** One purpose's settings: client wPort, LLS password (empty: lowest-level security). */
  public record Association(int clientWPort, Optional<String> password) {
    public Association {
      if (clientWPort < 1 || clientWPort > 0xFFFF) {
        throw new IllegalArgumentException("client wPort must be 1..65535, got " + clientWPort);
      }
    }
  }

  public ConfiguredAssociations(Association read, Association set, Association action, Duration responseTimeout) {
    byPurpose = new EnumMap<>(CommandPurpose.class);
    byPurpose.put(CommandPurpose.READ, settings(read, responseTimeout));
    byPurpose.put(CommandPurpose.SET, settings(set, responseTimeout));
    byPurpose.put(CommandPurpose.ACTION, settings(action, responseTimeout));
  }

  /** Everything over the public client, as the head-end did before associations had purposes. */
  public static ConfiguredAssociations publicClientOnly() {
    Association pub = new Association(ClientSettings.PUBLIC_CLIENT, Optional.empty());
    return new ConfiguredAssociations(pub, pub, pub, ClientSettings.publicClient().responseTimeout());
  }

  private static ClientSettings settings(Association a, Duration responseTimeout) {
    ClientSettings s = ClientSettings.publicClient().withClientWPort(a.clientWPort()).withResponseTimeout(responseTimeout);
    return a.password().map(s::withPassword).orElse(s);
  }

  @Override
  public ClientSettings settingsFor(String meterSerial, CommandPurpose purpose) {
    return byPurpose.get(purpose);
  }
}
