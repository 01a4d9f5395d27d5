package org.urja.ingest.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this node's meter associations to {@code meter_sessions}, so every node knows which
 * node can reach a meter over TCP. Connects and disconnects arrive on Netty event loops and are
 * only noted there; a scheduler writes them in batches every second, and a heartbeat keeps the
 * node's rows fresh and removes rows not refreshed for {@link #LIVE} (a crashed node's), so a row
 * in the table always means a live association and readers need no clock of their own.
 */
public final class SessionDirectory implements MeterSessions.Listener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionDirectory.class);
  /** A row not refreshed for this long belongs to a node that is gone. */
  public static final Duration LIVE = Duration.ofSeconds(90);
  static final Duration HEARTBEAT = Duration.ofSeconds(30);

  private record Change(String remoteAddress, Instant connectedAt) {
    static final Change GONE = new Change(null, null);
  }

  private final DataSource dataSource;
  private final String nodeId;
  private final Map<String, Change> pending = new LinkedHashMap<>();

  public SessionDirectory(DataSource dataSource, String nodeId) {
    this.dataSource = dataSource;
    this.nodeId = nodeId;
  }

  public String nodeId() {
    return nodeId;
  }

  @Override
  public void opened(MeterSession s) {
    synchronized (pending) {
      pending.put(s.serial(), new Change(String.valueOf(s.remoteAddress()), s.connectedAt()));
    }
  }

  @Override
  public void closed(String serial) {
    synchronized (pending) {
      pending.put(serial, Change.GONE);
    }
  }

  /** Forgets what an earlier run of this node left behind, then flushes every second and beats every 30. */
  public void start(ScheduledExecutorService scheduler) throws SQLException {
    execute("delete from meter_sessions where node_id = ?", ps -> ps.setString(1, nodeId));
    scheduler.scheduleWithFixedDelay(() -> safely("flush", this::flush), 1, 1, TimeUnit.SECONDS);
    scheduler.scheduleWithFixedDelay(() -> safely("heartbeat", this::heartbeat), HEARTBEAT.toSeconds(),
        HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Writes the noted connects and disconnects; returns how many meters changed. */
  public int flush() throws SQLException {
    Map<String, Change> batch;
    synchronized (pending) {
      if (pending.isEmpty()) {
        return 0;
      }
      batch = new LinkedHashMap<>(pending);
      pending.clear();
    }
    List<String> opened = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    List<Timestamp> since = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    batch.forEach((serial, change) -> {
      if (change == Change.GONE) {
        gone.add(serial);
      } else {
        opened.add(serial);
        addresses.add(change.remoteAddress());
        since.add(Timestamp.from(change.connectedAt()));
      }
    });
    try (Connection c = dataSource.getConnection()) {
      if (!opened.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("insert into meter_sessions (meter_serial, node_id, "
            + "remote_address, connected_at, seen_at) select s, ?, a, t, now() from unnest(?::text[], ?::text[], "
            + "?::timestamptz[]) as x(s, a, t) on conflict (meter_serial) do update set node_id = excluded.node_id, "
            + "remote_address = excluded.remote_address, connected_at = excluded.connected_at, seen_at = now()")) {
          ps.setString(1, nodeId);
          ps.setArray(2, c.createArrayOf("text", opened.toArray()));
          ps.setArray(3, c.createArrayOf("text", addresses.toArray()));
          ps.setArray(4, c.createArrayOf("timestamptz", since.toArray()));
          ps.executeUpdate();
        }
      }
      if (!gone.isEmpty()) {
        // only this node's row: the meter may already have reconnected through another node
        try (PreparedStatement ps = c.prepareStatement(
            "delete from meter_sessions where node_id = ? and meter_serial = any(?)")) {
          ps.setString(1, nodeId);
          ps.setArray(2, c.createArrayOf("text", gone.toArray()));
          ps.executeUpdate();
        }
      }
    }
    return batch.size();
  }

  /** Marks every association of this node as still alive and removes those of nodes that are gone. */
  public void heartbeat() throws SQLException {
    execute("update meter_sessions set seen_at = now() where node_id = ?", ps -> ps.setString(1, nodeId));
    execute("delete from meter_sessions where seen_at < now() - interval '" + LIVE.toSeconds() + " seconds'", ps -> { });
  }

  /** Takes this node's associations out of the directory: its meters will dial in elsewhere. */
  @Override
  public void close() {
    safely("close", () -> execute("delete from meter_sessions where node_id = ?", ps -> ps.setString(1, nodeId)));
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private interface Work {
    void run() throws SQLException;
  }

  private void execute(String sql, Binder binder) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      ps.executeUpdate();
    }
  }

  private void safely(String what, Work work) {
    try {
      work.run();
    } catch (SQLException | RuntimeException e) {
      log.warn("meter session directory {} failed (tries again): {}", what, e.toString());
    }
  }
}
