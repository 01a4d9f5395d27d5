package org.urja.headend.demo;

import java.time.Duration;
import java.time.Instant;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.meter.SimClock;
import picocli.CommandLine.Option;

/** Simulator settings shared by {@code demo}, {@code simulate} and {@code bench}. */
public final class FleetOptions {
  @Option(
      names = "--meters",
      description = "meters dialling in over DLMS/TCP (default: ${DEFAULT-VALUE})")
  public int tcpMeters = 1_000;

  @Option(
      names = "--mqtt-meters",
      description = "meters publishing through MQTT gateways (default: ${DEFAULT-VALUE})")
  public int mqttMeters = 200;

  @Option(
      names = "--gateways",
      description =
          "MQTT data concentrators the MQTT meters sit behind (default: ${DEFAULT-VALUE})")
  public int gateways = 4;

  @Option(
      names = "--interval-every",
      description = "wall time per 15-minute capture period, ISO-8601 (default: ${DEFAULT-VALUE})")
  public Duration realPeriod = Duration.ofSeconds(1);

  @Option(
      names = "--intervals",
      description =
          "capture periods each meter pushes; 0 = until stopped (default: ${DEFAULT-VALUE})")
  public long intervals = 0;

  @Option(
      names = "--seed",
      description =
          "fleet seed: the same seed replays the same readings (default: ${DEFAULT-VALUE})")
  public long seed = 42;

  @Option(
      names = "--capture-period",
      description =
          "meter time per push and block load capture period, ISO-8601; with --interval-every "
              + "equal to it and --days-back 0 the meters' clocks run on wall time (default: ${DEFAULT-VALUE})")
  public Duration capturePeriod = Duration.ofMinutes(15);

  @Option(
      names = "--days-back",
      description = "meter time starts this many days before now (default: ${DEFAULT-VALUE})")
  public int daysBack = 2;

  @Option(
      names = "--control-mode",
      description =
          "disconnect control_mode of the simulated meters, 0..6 (default: ${DEFAULT-VALUE})")
  public int controlMode = 4;

  @Option(
      names = "--sim-threads",
      description = "event loop threads of the simulated TCP fleet (default: ${DEFAULT-VALUE})")
  public int simThreads = 2;

  @Option(
      names = "--makes",
      split = ",",
      description =
          "meter models the TCP meters are split between, in blocks of serials (default: ${DEFAULT-VALUE})")
  public java.util.List<String> makes = java.util.List.of("urja-sim-1ph", "urja-sim-1ph-b");

  @Option(
      names = "--cipher-pushes",
      description =
          "TCP meters seal their pushes with their keys (general-glo-ciphering, "
              + "suite 0), as IS 15959 meters configured so do; the head-end must hold their keys: `simulate keys` exports "
              + "them (default: ${DEFAULT-VALUE}; the demo imports the keys and turns this on)")
  public boolean cipherPushes = false;

  public FleetConfig tcpFleet() {
    return base(tcpMeters, "SIM");
  }

  public FleetConfig mqttFleet() {
    return base(mqttMeters, "MQT");
  }

  private FleetConfig base(int meters, String prefix) {
    Duration period = capturePeriod;
    int perDay = (int) (Duration.ofDays(1).toSeconds() / period.toSeconds());
    Instant start = SimClock.alignedStart(Instant.now(), period, daysBack * perDay);
    return new FleetConfig(
        meters, 0, prefix, seed, start, period, realPeriod, intervals, controlMode, 2_000);
  }
}
