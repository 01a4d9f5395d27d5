package org.urja.headend.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.urja.headend.health.HealthCheck.Result;
import org.urja.headend.health.HealthCheck.Scope;
import org.urja.headend.prepaid.ChargingFeed;
import org.urja.ingest.mqtt.MqttIngest;
import org.urja.ingest.store.BatchWriter;
import org.urja.ingest.tcp.MeterTcpServer;

/** The checks of one head-end node, from the components that must be running for it to work. */
public final class NodeHealth {
  private NodeHealth() {}

  /**
   * @param queueStall how long the writer queue may sit at its high watermark without a batch
   *     finishing before the node is reported not ready
   */
  public static List<HealthCheck> checks(
      DatabaseProbe database,
      BatchWriter writer,
      ChargingFeed charging,
      MeterTcpServer tcp,
      Optional<MqttIngest> mqtt,
      Duration queueStall) {
    List<HealthCheck> checks = new ArrayList<>();
    checks.add(
        HealthCheck.of(
            "writers",
            Scope.LIVENESS,
            () -> {
              int alive = writer.writersAlive();
              String detail = alive + " of " + writer.writerThreads() + " writer threads running";
              return alive == writer.writerThreads() ? Result.up(detail) : Result.down(detail);
            }));
    checks.add(
        HealthCheck.of(
            "charging",
            Scope.LIVENESS,
            () -> {
              int alive = charging.lanesAlive();
              String detail = alive + " of " + charging.laneCount() + " charging lanes running";
              return alive == charging.laneCount() ? Result.up(detail) : Result.down(detail);
            }));
    checks.add(
        HealthCheck.of(
            "event_loops",
            Scope.LIVENESS,
            () ->
                tcp.eventLoopsAlive()
                    ? Result.up("every DLMS/TCP event loop running")
                    : Result.down(
                        "a DLMS/TCP event loop has died: its meters are no longer read")));
    checks.add(database);
    mqtt.ifPresent(
        m ->
            checks.add(
                HealthCheck.of(
                    "mqtt",
                    Scope.READINESS,
                    () ->
                        m.isConnected()
                            ? Result.up("connected")
                            : Result.down("not connected to the broker (reconnecting)"))));
    checks.add(HealthCheck.of("queue", Scope.READINESS, () -> queue(writer, queueStall)));
    return checks;
  }

  static Result queue(BatchWriter writer, Duration stall) {
    Duration since = writer.sinceLastProgress();
    String detail =
        writer.queuedRows() + " rows queued, last batch finished " + since.toSeconds() + " s ago";
    boolean stuck = !writer.hasCapacity() && since.compareTo(stall) > 0;
    return stuck ? Result.down("stuck at the high watermark: " + detail) : Result.up(detail);
  }
}
