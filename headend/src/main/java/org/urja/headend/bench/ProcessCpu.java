package org.urja.headend.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * CPU time consumed by a process tree, read from Linux {@code /proc}. On a machine whose cores are
 * shared (by the simulator, PostgreSQL and whatever else runs there), throughput alone says little;
 * CPU seconds per reading for each process says where the cost is and survives contention.
 */
final class ProcessCpu {
  private static final double TICKS_PER_SECOND =
      100.0; // USER_HZ, 100 on every Linux platform Urja runs on

  private ProcessCpu() {}

  /**
   * CPU milliseconds of {@code pid}, its live children, and its waited-for dead children; empty off
   * Linux.
   */
  static OptionalLong millis(long pid) {
    try {
      long ticks = ticks(pid, true);
      try (Stream<ProcessHandle> children =
          ProcessHandle.of(pid).map(ProcessHandle::children).orElse(Stream.empty())) {
        for (ProcessHandle c : (Iterable<ProcessHandle>) children::iterator) {
          try {
            ticks += ticks(c.pid(), false);
          } catch (IOException gone) {
            // exited since listed: its time is in the parent's dead-children total now or soon
          }
        }
      }
      return OptionalLong.of(Math.round(ticks * 1000 / TICKS_PER_SECOND));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The postmaster of the PostgreSQL server behind {@code ds}, when it runs on this machine: the
   * parent of our backend. Empty when that cannot be found (remote server, no /proc).
   */
  static OptionalLong postmasterPid(DataSource ds) {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      for (String line :
          Files.readAllLines(Path.of("/proc", String.valueOf(rs.getLong(1)), "status"))) {
        if (line.startsWith("PPid:")) {
          return OptionalLong.of(Long.parseLong(line.substring(5).trim()));
        }
      }
      return OptionalLong.empty();
    } catch (SQLException | IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  // /proc/<pid>/stat fields 14-17: utime, stime, cutime, cstime (after the parenthesised name).
  private static long ticks(long pid, boolean withDeadChildren) throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return withDeadChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
  }
}
