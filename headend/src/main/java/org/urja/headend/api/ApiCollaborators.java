package org.urja.headend.api;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.urja.headend.commands.CommandRunner;
import org.urja.headend.prepaid.PrepaidEngine;
import org.urja.ingest.deadletter.DeadLetters;
import org.urja.ingest.keys.KeyRotation;
import org.urja.ingest.keys.MeterKeyStore;
import org.urja.ingest.layout.MeterLayouts;
import org.urja.ingest.layout.PerMeterModels;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.store.MeterDirectory;

/**
 * What the operations API works on, each handed over by the part of the node that owns it (the
 * composition root in {@code app} fills it in): the API never sees the node itself.
 *
 * @param dataSource the API's own tables (keys, audit) and its read models
 * @param storeReadings readings read from a meter now, into the batch writer
 * @param releasedEvents events an operator released from suspicion, to be acted on like live ones
 * @param wakeRelay runs the relay dispatcher soon (after a credit or an operator command)
 * @param nodeId this node's name in the shared meter session directory
 */
public record ApiCollaborators(
    DataSource dataSource,
    MeterRegistry registry,
    MeterSessions sessions,
    MeterDirectory directory,
    PerMeterModels meterModels,
    MeterLayouts layouts,
    MeterKeyStore meterKeys,
    KeyRotation keyRotation,
    DeadLetters deadLetters,
    Consumer<List<Reading>> storeReadings,
    Consumer<List<MeterEvent>> releasedEvents,
    PrepaidEngine prepaid,
    CommandRunner commands,
    Runnable wakeRelay,
    String nodeId) {

  public ApiCollaborators {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(meterModels, "meterModels");
    Objects.requireNonNull(layouts, "layouts");
    Objects.requireNonNull(meterKeys, "meterKeys");
    Objects.requireNonNull(keyRotation, "keyRotation");
    Objects.requireNonNull(deadLetters, "deadLetters");
    Objects.requireNonNull(storeReadings, "storeReadings");
    Objects.requireNonNull(releasedEvents, "releasedEvents");
    Objects.requireNonNull(prepaid, "prepaid");
    Objects.requireNonNull(commands, "commands");
    Objects.requireNonNull(wakeRelay, "wakeRelay");
    Objects.requireNonNull(nodeId, "nodeId");
  }
}
