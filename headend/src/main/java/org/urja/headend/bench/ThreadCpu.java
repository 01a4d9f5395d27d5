package org.urja.headend.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * This JVM's CPU time by kind of thread, from {@code /proc/self/task}: the JIT compilers and the
 * garbage collector are native threads no Java profiler samples, and right after start-up they take
 * a large part of what the process spends (the charger-alone rounds run first thing). Knowing their
 * share is what tells the charging code's own cost from the JVM warming up.
 */
final class ThreadCpu {
  /** A snapshot: CPU ticks per thread id, and each thread's kind. */
  record Snapshot(Map<Long, Long> ticks, Map<Long, String> kinds) {

    /**
     * CPU seconds per kind since {@code before}: threads started since count from zero; threads
     * that ended meanwhile are lost (their time is small next to the ones that run throughout).
     */
    Map<String, Double> secondsSince(Snapshot before) {
      Map<String, Double> out = new TreeMap<>();
      ticks.forEach(
          (tid, t) -> {
            long delta = t - before.ticks.getOrDefault(tid, 0L);
            out.merge(kinds.get(tid), delta / TICKS_PER_SECOND, Double::sum);
          });
      return out;
    }
  }

  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ

  private ThreadCpu() {}

  /** Every thread of this process now; empty off Linux. */
  static Snapshot now() {
    Map<Long, Long> ticks = new HashMap<>();
    Map<Long, String> kinds = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long tid = Long.parseLong(task.getFileName().toString());
          ticks.put(tid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
          kinds.put(tid, kindOf(name));
        } catch (IOException | RuntimeException gone) {
          // the thread ended while listed
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Snapshot(Map.of(), Map.of());
    }
    return new Snapshot(ticks, kinds);
  }

  /**
   * The kind of a thread by its Linux name (15 characters of the Java name): the JVM names its
   * compiler and collector threads, the launcher's main thread is {@code java}.
   */
  static String kindOf(String threadName) {
    if (threadName.contains("CompilerThre")) {
      return "jit";
    }
    if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
      return "gc";
    }
    if (threadName.equals("java") || threadName.equals("main")) {
      return "main";
    }
    return "other";
  }
}
