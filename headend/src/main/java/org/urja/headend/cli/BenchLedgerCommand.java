package org.urja.headend.cli;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.urja.headend.bench.LedgerBenchmark;
import org.urja.headend.bench.LedgerMarkdown;
import org.urja.headend.config.UrjaConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prepaid charging throughput and relay latencies under ingest load, on this machine. */
@Command(
    name = "ledger",
    mixinStandardHelpOptions = true,
    description =
        "Charge K simulated prepaid meters live plus a synthetic charging ceiling, and time relay "
            + "disconnection and reconnection on probe meters, all under ingest load.")
final class BenchLedgerCommand implements Callable<Integer> {
  @Mixin ConfigOption config = new ConfigOption();

  @Mixin BenchLoadOptions load = new BenchLoadOptions();

  @Option(
      names = "--charge-accounts",
      description = "accounts in the charging ceiling run (default: ${DEFAULT-VALUE})")
  int chargeAccounts = 10_000;

  @Option(
      names = "--charge-rounds",
      description =
          "timed readings per account in each ceiling run, alone and under "
              + "load, after one untimed baseline round (default: ${DEFAULT-VALUE})")
  int chargeRounds = 10;

  @Option(
      names = "--readings-per-meter",
      description =
          "consecutive readings of each meter handed to the charger together in each ceiling "
              + "round: 1 is a feed keeping up; k is a feed k intervals behind, whose readings "
              + "are journalled as one entry per meter and day (default: ${DEFAULT-VALUE})")
  int readingsPerMeter = 1;

  @Option(
      names = "--probe-meters",
      description = "in-process meters whose relays are timed (default: ${DEFAULT-VALUE})")
  int probeMeters = 20;

  @Option(
      names = "--relay-rounds",
      description = "disconnect + reconnect rounds per probe meter (default: ${DEFAULT-VALUE})")
  int relayRounds = 5;

  @Option(
      names = "--policy-every",
      description = "relay policy job period (default: ${DEFAULT-VALUE}; production PT1M)")
  Duration policyEvery = Duration.ofSeconds(1);

  @Option(
      names = "--ceiling",
      description =
          "run at ingest's ceiling: the fleet pushes every PT0.25S (overrides "
              + "--interval-every), more than ingest commits on this machine, so ingest is "
              + "saturated and charging must keep pace with what it commits")
  boolean ceiling;

  /**
   * A push every 250 ms from 10,000 meters is 40,000 pushes (280,000 readings) a second, above the
   * ~26,000 pushes ingest commits at best on the bench machine (docs/BENCHMARKS.md, "Ingest").
   */
  static final Duration CEILING_INTERVAL = Duration.ofMillis(250);

  @Override
  public Integer call() throws Exception {
    Duration interval = ceiling ? CEILING_INTERVAL : load.interval;
    String token = UUID.randomUUID().toString();
    UrjaConfig cfg =
        config
            .load()
            .with("http.port", "0")
            .with("tcp.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("api.gateway.tokens", token)
            .with("prepaid.policy.every", policyEvery.toString());
    BenchHeadEnd.run(
        cfg,
        hes -> {
          LedgerBenchmark.Report r =
              new LedgerBenchmark(hes)
                  .run(
                      new LedgerBenchmark.Options(
                          load.meters,
                          interval,
                          load.warmup,
                          load.measure,
                          chargeAccounts,
                          chargeRounds,
                          readingsPerMeter,
                          probeMeters,
                          relayRounds,
                          ceiling,
                          load.simulatorHeap,
                          load.simulatorJvmOptions,
                          token,
                          policyEvery,
                          cfg.duration("relay.poll.every")));
          System.out.println();
          System.out.println(LedgerMarkdown.of(r));
        });
    return 0;
  }
}
