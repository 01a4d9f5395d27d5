package org.urja.headend.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * CPU seconds each process of the benchmark used in the measuring window, and the machine's load
 * average, so a reader sees whether the three processes, or something else on the machine, held the
 * cores. NaN where a process could not be observed (remote database, no /proc).
 *
 * @param headEndCpuSeconds this JVM
 * @param simulatorCpuSeconds the simulator JVM
 * @param postgresCpuSeconds the PostgreSQL server (postmaster and all its backends)
 * @param loadAverage1m the one-minute load average at the end of the window
 */
public record WindowCpu(
    double seconds,
    double readings,
    double headEndCpuSeconds,
    double simulatorCpuSeconds,
    double postgresCpuSeconds,
    double loadAverage1m) {

  /** Readings at the window's start; {@link #stop} takes the differences. */
  static final class Probe {
    private final long simPid;
    private final OptionalLong pgPid;
    private final long headEnd0;
    private final OptionalLong sim0;
    private final OptionalLong pg0;

    private Probe(long simPid, OptionalLong pgPid) {
      this.simPid = simPid;
      this.pgPid = pgPid;
      this.headEnd0 = ownCpuMillis();
      this.sim0 = ProcessCpu.millis(simPid);
      this.pg0 = pgPid.isPresent() ? ProcessCpu.millis(pgPid.getAsLong()) : OptionalLong.empty();
    }

    WindowCpu stop(double seconds, double readings) {
      OptionalLong pg1 =
          pgPid.isPresent() ? ProcessCpu.millis(pgPid.getAsLong()) : OptionalLong.empty();
      return new WindowCpu(
          seconds,
          readings,
          (ownCpuMillis() - headEnd0) / 1000.0,
          delta(sim0, ProcessCpu.millis(simPid)),
          delta(pg0, pg1),
          loadAverage());
    }
  }

  static Probe start(long simulatorPid, DataSource ds) {
    return new Probe(simulatorPid, ProcessCpu.postmasterPid(ds));
  }

  private static double delta(OptionalLong a, OptionalLong b) {
    return a.isPresent() && b.isPresent() ? (b.getAsLong() - a.getAsLong()) / 1000.0 : Double.NaN;
  }

  private static long ownCpuMillis() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1_000_000;
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Cores a process kept busy on average over the window. */
  private double cores(double cpuSeconds) {
    return cpuSeconds / seconds;
  }

  /** CPU microseconds a process spent per reading committed. */
  private double microsPerReading(double cpuSeconds) {
    return readings <= 0 ? Double.NaN : cpuSeconds * 1e6 / readings;
  }

  String markdownRows() {
    StringBuilder sb = new StringBuilder();
    row(sb, "head-end JVM", headEndCpuSeconds);
    row(sb, "simulator JVM", simulatorCpuSeconds);
    row(sb, "PostgreSQL (all backends)", postgresCpuSeconds);
    sb.append(
        String.format(
            Locale.ROOT,
            "| machine load average (1 min) at the end | %.1f on %d cores |%n",
            loadAverage1m,
            Runtime.getRuntime().availableProcessors()));
    return sb.toString();
  }

  private void row(StringBuilder sb, String who, double cpuSeconds) {
    sb.append(
        String.format(
            Locale.ROOT,
            "| CPU of the %s | %.2f cores, %.1f µs per reading |%n",
            who,
            cores(cpuSeconds),
            microsPerReading(cpuSeconds)));
  }
}
