package org.urja.headend.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code urja} command line. */
@Command(
    name = "urja",
    mixinStandardHelpOptions = true,
    version = "Urja 0.1.0",
    description =
        "Smart prepaid meter head-end: DLMS/COSEM and MQTT ingest, prepaid ledger, simulator.",
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      MigrateCommand.class,
      SimulateCommand.class,
      BenchCommand.class
    })
public final class UrjaCommand implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    HaltOnFatalError.install();
    // long-running commands return once they have stopped everything they started (ShutdownSignal)
    System.exit(new CommandLine(new UrjaCommand()).execute(args));
  }
}
