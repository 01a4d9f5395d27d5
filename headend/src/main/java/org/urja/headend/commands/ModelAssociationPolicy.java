package org.urja.headend.commands;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.protocol.client.AssociationUnavailableException;
import org.urja.protocol.client.ClientSecurity;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.ModelAssociations;
import org.urja.protocol.security.AssociationSpec;
import org.urja.protocol.security.AssociationSpec.Authentication;
import org.urja.protocol.security.FrameCounterGuard;
import org.urja.protocol.security.InvocationCounter;
import org.urja.protocol.security.MeterSecrets;

/**
 * The association the head-end opens with one meter for one purpose, as the meter's own model
 * declares it (IS 15959 by default: reads over the meter reader, 32 with its LLS password; SETs and
 * ACTIONs over utility settings, 48 with HLS-GMAC and suite-0 ciphering), with that meter's
 * imported keys, this installation's client system title, and the persisted invocation counter.
 *
 * <ul>
 *   <li>A relay command (ACTION) goes only over an HLS-GMAC association: with LLS or none, anything
 *       that claims a meter's serial could confirm a command, so a model whose action association
 *       is weaker fails the command for an operator rather than send it.
 *   <li>A meter without the keys its SET/ACTION association needs fails at once, permanently, with
 *       the reason ("no HLS keys imported for meter X"): nothing is dialled or sent.
 *   <li>A read of a meter without its reader keys goes over the model's unauthenticated association
 *       (the public client): what a public client may read is all it gets, but a meter that has
 *       just been installed, before its batch's key file is imported, still reports.
 *   <li>A connection whose meter is not identified yet (null serial: its serial is what is read)
 *       uses the public client.
 * </ul>
 */
public final class ModelAssociationPolicy implements AssociationPolicy {
  private static final Logger log = LoggerFactory.getLogger(ModelAssociationPolicy.class);

  /** A meter's active keys; an implementation may throw {@link SQLException}. */
  @FunctionalInterface
  public interface Secrets {
    Optional<MeterSecrets> lookup(String serial) throws SQLException;
  }

  private final Function<String, MeterModel> models;
  private final Secrets secrets;
  private Secrets commandSecrets;
  private final byte[] clientSystemTitle;
  private final InvocationCounter invocationCounter;
  private final FrameCounterGuard meterFrameCounters;
  private final Duration responseTimeout;
  private final CounterPrimer primer;

  /**
   * Reads what is known of a meter's answer counters before an association with it opens, on the
   * caller's thread, so its answers are checked without the database on the event loop ({@code
   * ingest.keys.AnswerCounters#prime}).
   */
  @FunctionalInterface
  public interface CounterPrimer {
    void prime(String meterSerial) throws SQLException;
  }

  /**
   * @param models the meter's effective model (its assigned model overlaid with what it said)
   * @param clientSystemTitle the head-end's system title, 8 bytes ({@code
   *     dlms.client.system.title})
   * @param primer called before a ciphered association with the meter opens (see {@link
   *     CounterPrimer})
   */
  public ModelAssociationPolicy(
      Function<String, MeterModel> models,
      Secrets secrets,
      byte[] clientSystemTitle,
      InvocationCounter invocationCounter,
      FrameCounterGuard meterFrameCounters,
      Duration responseTimeout,
      CounterPrimer primer) {
    this.primer = primer;
    this.models = models;
    this.secrets = secrets;
    this.commandSecrets = secrets;
    this.clientSystemTitle = clientSystemTitle.clone();
    this.invocationCounter = invocationCounter;
    this.meterFrameCounters = meterFrameCounters;
    this.responseTimeout = responseTimeout;
  }

  /**
   * Where SET and ACTION commands read the meter's keys (by default where reads do): the relay
   * lane's own pool, so a relay command does not wait for a connection behind ingest.
   */
  public ModelAssociationPolicy commandsReadingKeysFrom(Secrets forCommands) {
    this.commandSecrets = forCommands;
    return this;
  }

  @Override
  public ClientSettings settingsFor(String meterSerial, CommandPurpose purpose) {
    if (meterSerial == null) {
      return ClientSettings.publicClient().withResponseTimeout(responseTimeout);
    }
    MeterModel model = models.apply(meterSerial);
    ModelAssociations declared = model.associations();
    AssociationSpec spec =
        switch (purpose) {
          case READ -> declared.reads();
          case SET -> declared.sets();
          case ACTION -> declared.actions();
        };
    if (purpose == CommandPurpose.ACTION && spec.authentication() != Authentication.HIGH_GMAC) {
      throw new AssociationUnavailableException(
          "relay commands go only over an HLS-authenticated association; model "
              + model.name()
              + " names '"
              + spec.name()
              + "' ("
              + spec.authentication()
              + ") for actions of meter "
              + meterSerial);
    }
    MeterSecrets keys =
        keysOf(meterSerial, purpose == CommandPurpose.READ ? secrets : commandSecrets);
    Optional<String> missing = missing(spec, keys);
    if (missing.isPresent()) {
      if (purpose == CommandPurpose.READ) {
        AssociationSpec open =
            declared.all().stream()
                .filter(a -> a.authentication() == Authentication.NONE && !a.ciphered())
                .findFirst()
                .orElse(AssociationSpec.PUBLIC_CLIENT);
        log.debug(
            "meter {} has no {}: reading it over '{}'", meterSerial, missing.get(), open.name());
        return ClientSettings.forAssociation(open, keys, Optional.empty())
            .withResponseTimeout(responseTimeout);
      }
      throw new AssociationUnavailableException(
          "no "
              + missing.get()
              + " imported for meter "
              + meterSerial
              + " (association '"
              + spec.name()
              + "', client "
              + spec.clientSap()
              + "): import its key file");
    }
    if (spec.needsSystemTitle()) {
      try {
        primer.prime(meterSerial);
      } catch (SQLException e) {
        // as a lost connection: transient, the command is retried once the database answers
        throw new CompletionException(
            new IOException(
                "could not read the answer counters of meter "
                    + meterSerial
                    + ": "
                    + e.getMessage(),
                e));
      }
    }
    Optional<ClientSecurity> security =
        spec.needsSystemTitle()
            ? Optional.of(
                new ClientSecurity(
                    meterSerial,
                    clientSystemTitle,
                    keys,
                    spec.authentication() == Authentication.HIGH_GMAC,
                    invocationCounter,
                    meterFrameCounters))
            : Optional.empty();
    return ClientSettings.forAssociation(spec, keys, security).withResponseTimeout(responseTimeout);
  }

  private MeterSecrets keysOf(String serial, Secrets from) {
    try {
      return from.lookup(serial).orElseGet(MeterSecrets::none);
    } catch (SQLException e) {
      // as a lost connection: transient, the command is retried once the database answers
      throw new CompletionException(
          new IOException("could not read the keys of meter " + serial + ": " + e.getMessage(), e));
    }
  }

  /**
   * What the association needs that the meter's keys lack, in an operator's words; empty when
   * nothing.
   */
  private static Optional<String> missing(AssociationSpec spec, MeterSecrets keys) {
    if (spec.authentication() == Authentication.HIGH_GMAC
        && (keys.encryptionKey().isEmpty() || keys.authenticationKey().isEmpty())) {
      return Optional.of("HLS keys");
    }
    if (spec.ciphered() && (keys.encryptionKey().isEmpty() || keys.authenticationKey().isEmpty())) {
      return Optional.of("encryption and authentication keys");
    }
    if (spec.authentication() == Authentication.LOW && keys.llsPassword().isEmpty()) {
      return Optional.of("LLS password");
    }
    return Optional.empty();
  }
}
