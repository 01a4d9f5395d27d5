package org.urja.ingest.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *
 * <p>Across nodes a meter's row is a lease: a node never takes over a row another node keeps fresh
 * ({@link #claim}, and the batched writes obey the same rule), unless the claim is authenticated. A
 * node whose row was taken that way closes its own connection at its next heartbeat ({@link
 * #heartbeat}).
 */
public final class SessionDirectory implements MeterSessions.Listener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionDirectory.class);

  /** A row not refreshed for this long belongs to a node that is gone. */
  public static final Duration LIVE = Duration.ofSeconds(90);

  static final Duration HEARTBEAT = Duration.ofSeconds(30);

  private record Change(String remoteAddress, Instant connectedAt, boolean authenticated) {
    static final Change GONE = new Change(null, null, false);
  }

  private final DataSource dataSource;
  private final String nodeId;
  private final Map<String, Change> pending = new LinkedHashMap<>();
  private volatile MeterSessions sessions;
  // a row may be taken over when its node is gone (not refreshed for LIVE), or by proof: a verified
  // ciphered push with a fresh frame counter comes from the meter itself, so the other connection
  // is
  // stale or an impostor
  private static final String MAY_TAKE =
      "meter_sessions.node_id = excluded.node_id or meter_sessions.seen_at < now() - "
          + "interval '"
          + LIVE.toSeconds()
          + " seconds' or excluded.authenticated";

  public SessionDirectory(DataSource dataSource, String nodeId) {
    this.dataSource = dataSource;
    this.nodeId = nodeId;
  }

  public String nodeId() {
    return nodeId;
  }

  @Override
  public void attached(MeterSessions s) {
    this.sessions = s;
  }

  /**
   * Takes {@code s}'s meter for this node in the shared directory, at once (blocking: one
   * statement). False when another node holds it live and this claim may not take it: the caller
   * refuses the connection. Same node, a gone node's row, or an authenticated claim: granted.
   */
  public boolean claim(MeterSession s) throws SQLException {
    return claimAll(List.of(s)).contains(s.serial());
  }

  /**
   * {@link #claim} for many sessions of distinct meters in one statement: the serials granted. A
   * restoration storm brings thousands of meters at once, and one round trip each, on a loaded
   * database, held their identification to ~100 a second (bench ingest --storm).
   */
  public Set<String> claimAll(List<MeterSession> claims) throws SQLException {
    if (claims.isEmpty()) {
      return Set.of();
    }
    List<String> serials = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    List<Timestamp> since = new ArrayList<>();
    List<Boolean> proven = new ArrayList<>();
    for (MeterSession s : claims) {
      serials.add(s.serial());
      addresses.add(String.valueOf(s.remoteAddress()));
      since.add(Timestamp.from(s.connectedAt()));
      proven.add(s.authenticated());
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into meter_sessions (meter_serial, node_id, remote_address, "
                    + "connected_at, seen_at, authenticated) select s, ?, a, t, now(), p from unnest(?::text[], "
                    + "?::text[], ?::timestamptz[], ?::boolean[]) as x(s, a, t, p) on conflict (meter_serial) do update "
                    + "set node_id = excluded.node_id, remote_address = excluded.remote_address, connected_at = "
                    + "excluded.connected_at, seen_at = now(), authenticated = excluded.authenticated where "
                    + MAY_TAKE
                    + " returning meter_serial")) {
      ps.setString(1, nodeId);
      ps.setArray(2, c.createArrayOf("text", serials.toArray()));
      ps.setArray(3, c.createArrayOf("text", addresses.toArray()));
      ps.setArray(4, c.createArrayOf("timestamptz", since.toArray()));
      ps.setArray(5, c.createArrayOf("boolean", proven.toArray()));
      Set<String> granted = new HashSet<>();
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          granted.add(rs.getString(1));
        }
      }
      return granted;
    }
  }

  @Override
  public void opened(MeterSession s) {
    synchronized (pending) {
      pending.put(
          s.serial(),
          new Change(String.valueOf(s.remoteAddress()), s.connectedAt(), s.authenticated()));
    }
  }

  @Override
  public void closed(String serial) {
    synchronized (pending) {
      pending.put(serial, Change.GONE);
    }
  }

  /**
   * Forgets what an earlier run of this node left behind, then flushes every second and beats every
   * 30.
   */
  public void start(ScheduledExecutorService scheduler) throws SQLException {
    execute("delete from meter_sessions where node_id = ?", ps -> ps.setString(1, nodeId));
    scheduler.scheduleWithFixedDelay(() -> safely("flush", this::flush), 1, 1, TimeUnit.SECONDS);
    scheduler.scheduleWithFixedDelay(
        () -> safely("heartbeat", this::heartbeat),
        HEARTBEAT.toSeconds(),
        HEARTBEAT.toSeconds(),
        TimeUnit.SECONDS);
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
    List<Boolean> proven = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    batch.forEach(
        (serial, change) -> {
          if (change == Change.GONE) {
            gone.add(serial);
          } else {
            opened.add(serial);
            addresses.add(change.remoteAddress());
            since.add(Timestamp.from(change.connectedAt()));
            proven.add(change.authenticated());
          }
        });
    try (Connection c = dataSource.getConnection()) {
      if (!opened.isEmpty()) {
        // never over another node's live row: a meter live there was refused here (claim), or is
        // being
        try (PreparedStatement ps =
            c.prepareStatement(
                "insert into meter_sessions (meter_serial, node_id, "
                    + "remote_address, connected_at, seen_at, authenticated) select s, ?, a, t, now(), p from unnest(?::text[], "
                    + "?::text[], ?::timestamptz[], ?::boolean[]) as x(s, a, t, p) on conflict (meter_serial) do update set "
                    + "node_id = excluded.node_id, remote_address = excluded.remote_address, connected_at = excluded.connected_at, "
                    + "seen_at = now(), authenticated = excluded.authenticated where "
                    + MAY_TAKE)) {
          ps.setString(1, nodeId);
          ps.setArray(2, c.createArrayOf("text", opened.toArray()));
          ps.setArray(3, c.createArrayOf("text", addresses.toArray()));
          ps.setArray(4, c.createArrayOf("timestamptz", since.toArray()));
          ps.setArray(5, c.createArrayOf("boolean", proven.toArray()));
          ps.executeUpdate();
        }
      }
      if (!gone.isEmpty()) {
        // only this node's row: the meter may already have reconnected through another node
        try (PreparedStatement ps =
            c.prepareStatement(
                "delete from meter_sessions where node_id = ? and meter_serial = any(?)")) {
          ps.setString(1, nodeId);
          ps.setArray(2, c.createArrayOf("text", gone.toArray()));
          ps.executeUpdate();
        }
      }
    }
    return batch.size();
  }

  /**
   * Marks every association of this node as still alive and removes those of nodes that are gone. A
   * local session whose row another node took (an authenticated claim there) is closed here: the
   * meter proved itself on that node, so this connection is stale or an impostor.
   */
  public void heartbeat() throws SQLException {
    Set<String> held = new HashSet<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "update meter_sessions set seen_at = now() where node_id = ? returning meter_serial")) {
      ps.setString(1, nodeId);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          held.add(rs.getString(1));
        }
      }
    }
    execute(
        "delete from meter_sessions where seen_at < now() - interval '"
            + LIVE.toSeconds()
            + " seconds'",
        ps -> {});
    closeTaken(held);
  }

  private void closeTaken(Set<String> held) throws SQLException {
    MeterSessions local = sessions;
    if (local == null) {
      return;
    }
    List<MeterSession> unlisted =
        local.all().stream().filter(s -> !held.contains(s.serial())).toList();
    if (unlisted.isEmpty()) {
      return;
    }
    // unlisted may also be sessions not flushed yet: only those another node holds are closed
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select meter_serial from meter_sessions where node_id <> ? and meter_serial = any(?)")) {
      ps.setString(1, nodeId);
      ps.setArray(
          2, c.createArrayOf("text", unlisted.stream().map(MeterSession::serial).toArray()));
      Set<String> elsewhere = new HashSet<>();
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          elsewhere.add(rs.getString(1));
        }
      }
      for (MeterSession s : unlisted) {
        if (elsewhere.contains(s.serial())) {
          log.info(
              "meter {} proved itself on another node; closing this node's connection at {}",
              s.serial(),
              s.remoteAddress());
          local.closed(s.serial(), s.channel());
          s.channel().close();
        }
      }
    }
  }

  /** Takes this node's associations out of the directory: its meters will dial in elsewhere. */
  @Override
  public void close() {
    safely(
        "close",
        () ->
            execute("delete from meter_sessions where node_id = ?", ps -> ps.setString(1, nodeId)));
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private interface Work {
    void run() throws SQLException;
  }

  private void execute(String sql, Binder binder) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
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
