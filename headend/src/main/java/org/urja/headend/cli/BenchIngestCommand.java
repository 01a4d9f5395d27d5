package org.urja.headend.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.urja.headend.bench.IngestBenchmark;
import org.urja.headend.config.UrjaConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Ingest throughput, latency and the COPY ceiling, on this machine. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Drive the head-end with K simulated TCP meters and report readings/s, latency and the raw COPY ceiling.")
final class BenchIngestCommand implements Callable<Integer> {
  @Mixin ConfigOption config = new ConfigOption();

  @Option(names = "--meters", description = "simulated meters (default: ${DEFAULT-VALUE})")
  int meters = 10_000;

  @Option(names = "--interval-every", description = "wall time per capture period (default: ${DEFAULT-VALUE})")
  Duration interval = Duration.ofSeconds(1);

  @Option(names = "--warmup", description = "(default: ${DEFAULT-VALUE})")
  Duration warmup = Duration.ofSeconds(20);

  @Option(names = "--measure", description = "(default: ${DEFAULT-VALUE})")
  Duration measure = Duration.ofSeconds(60);

  @Option(names = "--copy-rows", description = "rows per storage-strategy measurement (default: ${DEFAULT-VALUE})")
  int copyRows = 500_000;

  @Option(names = "--simulator-heap", description = "heap of the simulator JVM (default: ${DEFAULT-VALUE})")
  String simulatorHeap = "2g";

  @Option(names = "--simulator-jvm-option", description = "extra option for the simulator JVM (repeatable), "
      + "e.g. -XX:StartFlightRecording=duration=60s,filename=/tmp/sim.jfr")
  List<String> simulatorJvmOptions = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    UrjaConfig cfg = config.load().with("http.port", "0").with("tcp.port", "0").with("tcp.bind", "127.0.0.1");
    BenchHeadEnd.run(cfg, hes -> {
      IngestBenchmark.Report r = new IngestBenchmark(hes, simulatorJvmOptions).run(meters, interval, warmup, measure,
          copyRows, simulatorHeap);
      System.out.println();
      System.out.println(IngestBenchmark.markdown(r));
    });
    return 0;
  }
}
