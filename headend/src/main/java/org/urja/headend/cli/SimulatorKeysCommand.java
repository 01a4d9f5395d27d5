package org.urja.headend.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.urja.headend.demo.FleetOptions;
import org.urja.simulator.security.KeyFileExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Writes the key file of the simulated TCP meters that {@code simulate} with the same options runs,
 * for an operator to import into the head-end ({@code POST /api/meter-keys/import}) before they
 * connect. The MQTT meters sit behind gateways and hold no DLMS keys of the head-end's.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Write the key file (CSV) of the simulated meters, to import into the head-end.")
final class SimulatorKeysCommand implements Callable<Integer> {
  @Mixin FleetOptions fleet = new FleetOptions();

  @Option(
      names = "--out",
      required = true,
      description = "the CSV file to write (it holds every meter's secrets)")
  Path out;

  @Override
  public Integer call() throws Exception {
    KeyFileExport.write(
        out, KeyFileExport.csv(fleet.tcpFleet().seed(), fleet.tcpFleet().serials()));
    System.out.println(
        "wrote the keys of " + fleet.tcpMeters + " meters (seed " + fleet.seed + ") to " + out);
    return 0;
  }
}
