package org.urja.headend.reads;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.urja.headend.commands.MeterConnector;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.store.BatchWriter;
import org.urja.ingest.store.BatchWriterConfig;
import org.urja.ingest.store.MeterDirectory;
import org.urja.ingest.store.UnknownMeterPolicy;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;

/**
 * The head-end's read path wired as HeadEnd wires it, against a test database: real writer, real
 * dial-out.
 */
final class ReadsFixture implements AutoCloseable {
  static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
  final MeterModel model = MeterModelCatalog.bundled().defaultModel();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final MeterSessions sessions = new MeterSessions();
  final MeterDirectory directory;
  final BatchWriter writer;
  final DialOut dialOut;
  final MeterAddresses addresses;
  final MeterConnector connector;
  final ExecutorService executor = Executors.newFixedThreadPool(4);
  final ProfileReads reads;
  final OnDemandReads onDemand;
  final ScheduledReads scheduled;
  final Completeness completeness;

  ReadsFixture(DataSource ds, int maxDials) {
    directory = new MeterDirectory(ds, UnknownMeterPolicy.QUARANTINE, registry);
    writer = new BatchWriter(ds, directory, BatchWriterConfig.defaults(), registry);
    dialOut =
        new DialOut(
            new DialOut.Settings(
                maxDials, Duration.ofSeconds(5), Duration.ofSeconds(30), 2, 0xFFFF),
            registry);
    addresses = new MeterAddresses(ds);
    connector =
        new MeterConnector(
            sessions, ClientSettings.publicClient(), new ListeningMeters(addresses, dialOut));
    reads =
        new ProfileReads(connector, serial -> model, writer::submit, addresses, executor, registry);
    onDemand = new OnDemandReads(new ReadJobs(ds), reads, executor);
    scheduled =
        new ScheduledReads(
            ds,
            reads,
            sessions,
            serial -> model,
            new ScheduledReads.Settings(Duration.ofDays(2), Duration.ofMinutes(15), maxDials, ZONE),
            "test-node",
            executor);
    completeness = new Completeness(ds, ZONE, Duration.ofMinutes(15));
  }

  @Override
  public void close() {
    dialOut.close();
    writer.close();
    executor.shutdownNow();
  }
}
