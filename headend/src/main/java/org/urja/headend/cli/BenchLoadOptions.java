package org.urja.headend.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The simulated fleet every benchmark drives the head-end with, and its measuring window. */
final class BenchLoadOptions {
  @Option(
      names = "--meters",
      description =
          "simulated meters pushing over TCP from a separate JVM (default: ${DEFAULT-VALUE})")
  int meters = 10_000;

  @Option(
      names = "--interval-every",
      description = "wall time per capture period (default: ${DEFAULT-VALUE})")
  Duration interval = Duration.ofSeconds(1);

  @Option(
      names = "--warmup",
      description = "connect the fleet and settle (default: ${DEFAULT-VALUE})")
  Duration warmup = Duration.ofSeconds(30);

  @Option(names = "--measure", description = "measuring window (default: ${DEFAULT-VALUE})")
  Duration measure = Duration.ofSeconds(30);

  @Option(
      names = "--simulator-heap",
      description = "heap of the simulator JVM (default: ${DEFAULT-VALUE})")
  String simulatorHeap = "2g";

  @Option(
      names = "--simulator-jvm-option",
      description =
          "extra option for the simulator JVM (repeatable), "
              + "e.g. -XX:StartFlightRecording=duration=60s,filename=/tmp/sim.jfr")
  List<String> simulatorJvmOptions = new ArrayList<>();
}
