package org.urja.ingest.layout;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.deadletter.DeadLetter;
import org.urja.ingest.deadletter.DeadLetters;
import org.urja.protocol.model.LayoutDifference;
import org.urja.protocol.model.MeterLayout;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.obis.ObisCode;

/**
 * Learning a meter's layout: read it over the meter's connection (a {@link Reader} the head-end
 * supplies, as reading needs a DLMS client association), store it against the meter's model in
 * {@link MeterLayouts}, and drop the meter's cached model so the next push is decoded with it. The
 * database work runs on {@code storeOn}, never on the connection's I/O thread.
 */
public final class LayoutLearning implements LayoutLearner {
  private static final Logger log = LoggerFactory.getLogger(LayoutLearning.class);

  /**
   * Reads what a meter says of the objects of {@code model} and of {@code pushSetups}; the serial
   * chooses the meter's read association and keys.
   */
  @FunctionalInterface
  public interface Reader {
    CompletableFuture<MeterLayout> read(
        Channel channel, String serial, MeterModel model, Set<ObisCode> pushSetups);
  }

  private final Reader reader;
  private final MeterLayouts layouts;
  private final PerMeterModels models;
  private final Executor storeOn;
  private final Clock clock;
  private final MeterRegistry registry;
  private final DeadLetters deadLetters;

  public LayoutLearning(
      Reader reader,
      MeterLayouts layouts,
      PerMeterModels models,
      DeadLetters deadLetters,
      Executor storeOn,
      Clock clock,
      MeterRegistry registry) {
    this.deadLetters = deadLetters;
    this.reader = reader;
    this.layouts = layouts;
    this.models = models;
    this.storeOn = storeOn;
    this.clock = clock;
    this.registry = registry;
  }

  @Override
  public void gaveUp(
      String serialOrNull, String origin, String reason, String detail, byte[] apdu) {
    storeOn.execute(
        () -> {
          try {
            deadLetters.record(
                new DeadLetter.New("tcp", origin, serialOrNull, reason, detail, apdu, 1));
          } catch (SQLException e) {
            log.warn(
                "push of meter {} given up on and not kept as a dead letter: {}",
                serialOrNull,
                e.toString());
          }
        });
  }

  @Override
  public boolean learned(String serial) {
    return models.resolve(serial).learned();
  }

  @Override
  public CompletableFuture<Void> learn(Channel channel, String serial, Set<ObisCode> pushSetups) {
    // the meter is compared with, and overlays, the model an operator assigned, not an earlier
    // lesson
    MeterModel base =
        models
            .catalog()
            .find(models.resolve(serial).modelName())
            .orElseGet(models.catalog()::defaultModel);
    return reader
        .read(channel, serial, base, pushSetups)
        .thenAcceptAsync(
            said -> {
              try {
                layouts.save(serial, base, said, clock.instant());
              } catch (SQLException e) {
                throw new CompletionException(e);
              }
              models.invalidate(serial);
              var differences = said.differences(base);
              registry
                  .counter(
                      "urja.meter.layouts.learned",
                      "outcome",
                      differences.isEmpty() ? "agrees" : "disagrees")
                  .increment();
              if (!differences.isEmpty()) {
                log.info(
                    "meter {} differs from its model {} in {}",
                    serial,
                    base.name(),
                    differences.stream().map(LayoutDifference::toString).toList());
              }
            },
            storeOn)
        .whenComplete(
            (ok, err) -> {
              if (err != null) {
                registry.counter("urja.meter.layouts.learned", "outcome", "failed").increment();
                log.warn("could not learn the layout of meter {}: {}", serial, err.toString());
              }
            });
  }
}
