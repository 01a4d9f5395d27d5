package org.urja.headend.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's load average when a bench starts and ends: this machine is shared with other
 * builds, so every figure in docs/BENCHMARKS.md carries the load it was measured under.
 */
public final class MachineLoad {
  private MachineLoad() {}

  /** "1.23 0.98 0.80 (2 CPUs)", the 1-, 5- and 15-minute load averages as uptime prints them. */
  public static String now() {
    String cpus = Runtime.getRuntime().availableProcessors() + " CPUs";
    try {
      String[] avg = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return avg[0] + " " + avg[1] + " " + avg[2] + " (" + cpus + ")";
    } catch (IOException | RuntimeException e) {
      return "unknown (" + cpus + ")";
    }
  }
}
