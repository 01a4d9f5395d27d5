package org.urja.headend.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.urja.headend.app.HeadEnd;

/**
 * The simulated fleet as a separate JVM (meters are separate machines), started from this jar's
 * class path with {@code urja simulate}, dialling the head-end on this machine.
 */
public final class SimulatorProcess {
  private SimulatorProcess() {}

  static Process start(
      int tcpPort, int meters, Duration interval, String heap, List<String> jvmOptions)
      throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"));
    cmd.addAll(jvmOptions);
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "org.urja.headend.cli.UrjaCommand",
            "simulate",
            "--hes",
            "127.0.0.1:" + tcpPort,
            "--meters",
            String.valueOf(meters),
            "--mqtt-meters",
            "0",
            "--interval-every",
            interval.toString(),
            "--days-back",
            "30"));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    // a benchmark stopped with Ctrl-C or kill must not leave 10,000 meters dialling a dead port
    Runtime.getRuntime()
        .addShutdownHook(new Thread(p::destroyForcibly, "urja-bench-simulator-stop"));
    return p;
  }

  /**
   * {@code urja simulate} with the given arguments, its periodic fleet statistics appended to
   * {@code log} (the drills read the fleet's acknowledged counts there, as only the wire connects
   * them to the head-end).
   */
  public static Process start(List<String> simulateArgs, String heap, Path log) throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx" + heap,
                "-cp",
                System.getProperty("java.class.path"),
                "org.urja.headend.cli.UrjaCommand",
                "simulate"));
    cmd.addAll(simulateArgs);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(p::destroyForcibly, "urja-drill-simulator-stop"));
    return p;
  }

  /**
   * A fleet of {@code meters} TCP meters that each push once (one interval), their meter time
   * {@code daysBack} days back: how a bench makes the head-end know a fleet before it measures.
   * {@code seed} decides the registers, so a later fleet with a higher seed pushes higher ones.
   */
  static Process pushOnce(int tcpPort, int meters, int daysBack, int seed, Path log)
      throws Exception {
    return start(
        List.of(
            "--hes",
            "127.0.0.1:" + tcpPort,
            "--meters",
            String.valueOf(meters),
            "--mqtt-meters",
            "0",
            "--interval-every",
            "PT5S",
            "--intervals",
            "1",
            "--days-back",
            String.valueOf(daysBack),
            "--seed",
            String.valueOf(seed)),
        "1g",
        log);
  }

  /**
   * Stops a fleet, deletes its log, and waits (at most a minute) until the head-end has noticed
   * every connection drop.
   */
  static void stopAndWaitForHangUps(Process fleet, HeadEnd hes, Path log) throws Exception {
    fleet.destroyForcibly();
    fleet.waitFor();
    Files.deleteIfExists(log);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (hes.sessions().connected() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }
}
