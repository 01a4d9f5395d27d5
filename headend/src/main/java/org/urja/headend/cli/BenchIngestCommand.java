package org.urja.headend.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.urja.headend.bench.CipheredPushBenchmark;
import org.urja.headend.bench.IngestBenchmark;
import org.urja.headend.bench.IngestStorm;
import org.urja.headend.bench.IngestStormMarkdown;
import org.urja.headend.config.UrjaConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Ingest throughput, latency and the sustained COPY and dedup ceilings, or a restoration storm, on
 * this machine.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Drive the head-end with K simulated TCP meters and report readings/s, latency and the raw COPY ceiling.")
final class BenchIngestCommand implements Callable<Integer> {
  @Mixin ConfigOption config = new ConfigOption();

  @Mixin BenchLoadOptions load = new BenchLoadOptions();

  @Option(
      names = "--copy-rows",
      description =
          "least rows per sustained ceiling measurement; at least the rows "
              + "the window committed are written (default: ${DEFAULT-VALUE})")
  int copyRows = 500_000;

  @Option(
      names = "--storm",
      description =
          "instead: an outage-restoration storm, every meter dialling in at once "
              + "with its backlog")
  boolean storm;

  @Option(
      names = "--backlog",
      description = "with --storm: meter time each meter missed (default: ${DEFAULT-VALUE})")
  Duration backlog = Duration.ofHours(6);

  @Option(
      names = "--catch-up-every",
      description =
          "with --storm: wall time between a meter's backlog pushes "
              + "(default: ${DEFAULT-VALUE})")
  Duration catchUpEvery = Duration.ofMillis(200);

  @Option(
      names = "--window",
      description =
          "with --storm: every meter must be identified and every backlog stored within this "
              + "time after the first dial, else the command fails (default: ${DEFAULT-VALUE})")
  Duration window = Duration.ofMinutes(5);

  @Option(
      names = "--ciphered-opens",
      description =
          "instead of the fleet run: open this many ciphered pushes per "
              + "meter for each sender lookup and opener thread count, and report pushes/s (default: ${DEFAULT-VALUE}, off)")
  int cipheredOpens = 0;

  @Option(
      names = "--ciphered-meters",
      description = "meters in the --ciphered-opens run (default: ${DEFAULT-VALUE})")
  int cipheredMeters = 500;

  @Override
  public Integer call() throws Exception {
    UrjaConfig cfg =
        config.load().with("http.port", "0").with("tcp.port", "0").with("tcp.bind", "127.0.0.1");
    boolean[] stormMissed = new boolean[1];
    BenchHeadEnd.run(
        cfg,
        hes -> {
          if (cipheredOpens > 0) {
            System.out.println(
                CipheredPushBenchmark.markdown(
                    new CipheredPushBenchmark(hes)
                        .run(cipheredMeters, cipheredOpens, java.util.List.of(2, 4, 8))));
            return;
          }
          if (storm) {
            IngestStorm.Report s =
                new IngestStorm(hes)
                    .run(load.meters, backlog, catchUpEvery, load.simulatorHeap, window);
            System.out.println();
            System.out.println(IngestStormMarkdown.of(s));
            if (!s.met()) {
              stormMissed[0] = true;
              System.err.println("storm FAILED: " + String.join("; ", s.failures()));
            }
            return;
          }
          IngestBenchmark.Report r =
              new IngestBenchmark(hes, load.simulatorJvmOptions)
                  .run(
                      load.meters,
                      load.interval,
                      load.warmup,
                      load.measure,
                      copyRows,
                      load.simulatorHeap);
          System.out.println();
          System.out.println(IngestBenchmark.markdown(r));
        });
    return stormMissed[0] ? 1 : 0;
  }
}
