package org.urja.headend.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.demo.Demo;
import org.urja.headend.demo.FleetOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Everything on this machine: embedded PostgreSQL, embedded MQTT broker, head-end, simulated fleet.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run embedded PostgreSQL + embedded MQTT broker + head-end + simulated meters, with a live summary.")
final class DemoCommand implements Callable<Integer> {
  @Mixin ConfigOption config = new ConfigOption();
  @Mixin FleetOptions fleet = new FleetOptions();

  @Option(
      names = "--duration",
      description = "stop after this long, ISO-8601 (default: run until Ctrl-C)")
  Duration duration;

  @Option(names = "--summary-every", description = "summary period (default: ${DEFAULT-VALUE})")
  Duration summaryEvery = Duration.ofSeconds(5);

  @Override
  public Integer call() throws Exception {
    // the demo's simulated meters are new and their clocks run fast (a day in minutes): admit them,
    // allow it
    UrjaConfig cfg =
        config
            .load()
            .withDefault("store.unknown.meters", "AUTO_REGISTER")
            .withDefault("ingest.clock.tolerance", "P3650D");
    // the demo keeps its meters' keys under a master key of its own database (said in the log); run
    // needs keys.master
    cfg.withDefault("keys.master.generate", "true");
    ShutdownSignal shutdown = ShutdownSignal.install();
    try {
      return new Demo(cfg, fleet, duration, summaryEvery).run(shutdown::awaitRequest);
    } finally {
      shutdown.finished();
    }
  }
}
