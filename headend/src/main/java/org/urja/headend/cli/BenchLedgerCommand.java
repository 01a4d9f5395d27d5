package org.urja.headend.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.urja.headend.bench.LedgerBenchmark;
import org.urja.headend.config.UrjaConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prepaid charging throughput and relay latencies under ingest load, on this machine. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
    description = "Charge K simulated prepaid meters live plus a synthetic charging ceiling, and time relay "
        + "disconnection and reconnection on probe meters, all under ingest load.")
final class BenchLedgerCommand implements Callable<Integer> {
  @Mixin ConfigOption config = new ConfigOption();

  @Option(names = "--meters", description = "simulated prepaid meters pushing over TCP (default: ${DEFAULT-VALUE})")
  int meters = 10_000;

  @Option(names = "--interval-every", description = "wall time per capture period (default: ${DEFAULT-VALUE})")
  Duration interval = Duration.ofSeconds(1);

  @Option(names = "--warmup", description = "(default: ${DEFAULT-VALUE})")
  Duration warmup = Duration.ofSeconds(30);

  @Option(names = "--measure", description = "live charging window (default: ${DEFAULT-VALUE})")
  Duration measure = Duration.ofSeconds(30);

  @Option(names = "--charge-accounts", description = "accounts in the charging ceiling run (default: ${DEFAULT-VALUE})")
  int chargeAccounts = 10_000;

  @Option(names = "--charge-rounds", description = "readings per account in the ceiling run (default: ${DEFAULT-VALUE})")
  int chargeRounds = 11;

  @Option(names = "--probe-meters", description = "in-process meters whose relays are timed (default: ${DEFAULT-VALUE})")
  int probeMeters = 20;

  @Option(names = "--relay-rounds", description = "disconnect + reconnect rounds per probe meter (default: ${DEFAULT-VALUE})")
  int relayRounds = 5;

  @Option(names = "--policy-every", description = "relay policy job period (default: ${DEFAULT-VALUE}; production PT1M)")
  Duration policyEvery = Duration.ofSeconds(1);

  @Option(names = "--simulator-heap", description = "heap of the simulator JVM (default: ${DEFAULT-VALUE})")
  String simulatorHeap = "2g";

  @Option(names = "--simulator-jvm-option", description = "extra option for the simulator JVM (repeatable)")
  List<String> simulatorJvmOptions = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    String token = UUID.randomUUID().toString();
    UrjaConfig cfg = config.load().with("http.port", "0").with("tcp.port", "0").with("tcp.bind", "127.0.0.1")
        .with("api.gateway.tokens", token).with("prepaid.policy.every", policyEvery.toString());
    BenchHeadEnd.run(cfg, hes -> {
      LedgerBenchmark.Report r = new LedgerBenchmark(hes).run(new LedgerBenchmark.Options(meters, interval, warmup,
          measure, chargeAccounts, chargeRounds, probeMeters, relayRounds, simulatorHeap, simulatorJvmOptions, token,
          policyEvery, cfg.duration("relay.poll.every")));
      System.out.println();
      System.out.println(LedgerBenchmark.markdown(r));
    });
    return 0;
  }
}
