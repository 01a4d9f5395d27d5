package org.urja.headend.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Benchmarks; results go to docs/BENCHMARKS.md. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure ingest and ledger throughput.",
    subcommands = {
      BenchIngestCommand.class,
      BenchLedgerCommand.class,
      BenchDrillsCommand.class,
      BenchStorageCommand.class
    })
final class BenchCommand implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
