package org.urja.ingest.keys;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.urja.protocol.security.MeterSecrets;
import org.urja.protocol.security.SystemTitles;

/**
 * Meters' DLMS secrets, stored sealed under the {@link MasterKey} ({@code meter_keys}, V20). The
 * DLMS client and the push path ask {@link #lookup}; operators import key files and see which keys
 * a meter has ({@link #versions}), never their values.
 *
 * <p>Invariants: a secret is in the clear only in memory, between {@link #lookup} and its use;
 * every sealed value is bound to its meter, version and kind (moving it makes it unreadable); an
 * import stores all of its rows or none.
 */
public final class MeterKeyStore {
  private static final String COLUMNS =
      "serial, version, state, lls_password, hls_secret, encryption_key, "
          + "authentication_key, origin, created_by, created_at, activated_at, retired_at, "
          + "(SELECT t.system_title FROM meter_system_titles t WHERE t.serial = meter_keys.serial) AS system_title";
  private final DataSource dataSource;
  private final Optional<MasterKey> master;
  private final MeterSystemTitles systemTitles;
  private final List<java.util.function.Consumer<String>> changeListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param master empty when {@code keys.master} is not configured: nothing can be stored or read
   */
  /**
   * The same keys read through another pool: for the relay lane, whose commands must not wait for a
   * connection of a pool the ingest writer keeps busy (issue 11). Reads only: changes made through
   * it are not announced to this store's listeners.
   */
  public MeterKeyStore readingThrough(DataSource pool) {
    return new MeterKeyStore(pool, master);
  }

  public MeterKeyStore(DataSource dataSource, Optional<MasterKey> master) {
    this.dataSource = dataSource;
    this.master = master;
    this.systemTitles = new MeterSystemTitles(dataSource);
  }

  /**
   * What an import did: new meters' keys, rows already stored as they are, or the problems (nothing
   * stored).
   */
  public record ImportOutcome(int created, int unchanged, List<KeyFileProblem> problems) {
    public boolean stored() {
      return problems.isEmpty();
    }
  }

  /** Raised when keys are needed and {@code keys.master} is not configured. */
  public static final class MasterKeyMissingException extends IllegalStateException {
    MasterKeyMissingException() {
      super(
          "keys.master is not set: meter keys can be neither stored nor read (set keys.master to 32 bytes in base64, "
              + "e.g. `openssl rand -base64 32`)");
    }
  }

  /** Raised when another import or rotation changed the same meter's keys at the same time. */
  public static final class ConcurrentKeyChangeException extends IllegalStateException {
    ConcurrentKeyChangeException() {
      super(
          "another import or rotation changed these meters' keys at the same time; send the request again");
    }
  }

  /**
   * Checks that this node may start: with keys stored, a master key must be configured and must
   * open them. Only meters' serials and counts appear in the message.
   */
  public void checkOnStart() throws SQLException {
    long stored = metersWithKeys();
    if (stored == 0) {
      return;
    }
    if (master.isEmpty()) {
      throw new IllegalStateException(
          stored
              + " meters' keys are stored but keys.master is not set; this node refuses "
              + "to start without the key they are sealed under");
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + COLUMNS + " FROM meter_keys ORDER BY created_at DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      open(rs);
    } catch (MasterKey.SealBrokenException e) {
      throw new IllegalStateException(
          "keys.master does not open the stored meter keys: it is not the key they were "
              + "sealed under");
    }
  }

  /** Meters with at least one version of keys. */
  public long metersWithKeys() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT serial) FROM meter_keys");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Which meter has which system title; titles are imported with keys and are not secret. */
  public MeterSystemTitles systemTitles() {
    return systemTitles;
  }

  /**
   * Told the serial whose active keys this node just changed (import, confirmed rotation), after
   * the change is committed, so that copies kept in memory on this node ({@link CachedSenders}) are
   * dropped at once. Other nodes' copies follow within their own expiry.
   */
  public void onKeysChanged(java.util.function.Consumer<String> listener) {
    changeListeners.add(listener);
  }

  void keysChanged(String serial) {
    changeListeners.forEach(l -> l.accept(serial));
  }

  /** True when keys can be stored and read (a master key is configured). */
  public boolean unlocked() {
    return master.isPresent();
  }

  /** The meter's active keys: the ones to use with it now. */
  public Optional<MeterSecrets> lookup(String serial) throws SQLException {
    return find(serial, KeyState.ACTIVE).map(OpenedKeys::secrets);
  }

  /**
   * Every version of the meter's keys, newest first: which secrets each has, never their values.
   */
  public List<KeyVersion> versions(String serial) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + COLUMNS + " FROM meter_keys WHERE serial = ? ORDER BY version DESC")) {
      ps.setString(1, serial);
      List<KeyVersion> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(version(rs));
        }
      }
      return out;
    }
  }

  /** The utility of the importer of the meter's first keys (null: installation-wide or none). */
  public Optional<String> utilityOf(String serial) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT utility FROM meter_keys WHERE serial = ? ORDER BY version LIMIT 1")) {
      ps.setString(1, serial);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * Stores a key file's meters, all or none. A meter without keys gets version 1, active at once
   * (nothing else can be in use with it yet). A meter whose active or pending keys are these same
   * secrets is left as it is (a file imported twice changes nothing). A meter with different keys,
   * or whose keys were imported for another utility, is a problem: keys change by rotation only.
   *
   * @param utility the importer's utility, stored with new keys; null for an installation-wide key
   */
  public ImportOutcome importRows(List<KeyFileRow> rows, String utility, String by)
      throws SQLException {
    MasterKey key = requireMaster();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Map<String, List<Existing>> existing =
            existing(c, rows.stream().map(KeyFileRow::serial).toList());
        List<KeyFileProblem> problems = new ArrayList<>();
        List<KeyFileRow> fresh = new ArrayList<>();
        int unchanged = 0;
        for (KeyFileRow row : rows) {
          List<Existing> versions = existing.getOrDefault(row.serial(), List.of());
          Optional<String> owner =
              versions.stream()
                  .min(java.util.Comparator.comparingInt(Existing::version))
                  .flatMap(Existing::utility);
          if (utility != null && !versions.isEmpty() && !owner.equals(Optional.of(utility))) {
            problems.add(
                new KeyFileProblem(
                    row.line(),
                    "serial",
                    "the keys of meter " + row.serial() + " belong to another utility"));
            continue;
          }
          byte[] fp = fingerprint(key, row.serial(), row.secrets());
          boolean same =
              versions.stream()
                  .anyMatch(e -> e.state != KeyState.RETIRED && Arrays.equals(e.fingerprint, fp));
          if (same) {
            unchanged++;
          } else if (versions.stream().anyMatch(e -> e.state != KeyState.RETIRED)) {
            problems.add(
                new KeyFileProblem(
                    row.line(),
                    "serial",
                    "meter "
                        + row.serial()
                        + " already has different keys; "
                        + "change them by rotation (POST /api/meters/"
                        + row.serial()
                        + "/keys/rotate)"));
          } else {
            fresh.add(row);
          }
        }
        problems.addAll(MeterSystemTitles.check(c, rows));
        if (!problems.isEmpty()) {
          problems.sort(java.util.Comparator.comparingInt(KeyFileProblem::line));
          c.rollback();
          return new ImportOutcome(0, 0, problems);
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
          for (KeyFileRow row : fresh) {
            int version =
                existing.getOrDefault(row.serial(), List.of()).stream()
                        .mapToInt(e -> e.version)
                        .max()
                        .orElse(0)
                    + 1;
            bindInsert(
                ps,
                key,
                row.serial(),
                version,
                KeyState.ACTIVE,
                row.secrets(),
                utility,
                "import",
                by);
            ps.addBatch();
          }
          ps.executeBatch();
        }
        MeterSystemTitles.insert(c, rows);
        c.commit();
        fresh.forEach(row -> keysChanged(row.serial()));
        return new ImportOutcome(fresh.size(), unchanged, List.of());
      } catch (SQLException e) {
        c.rollback();
        if (uniqueViolation(e)) {
          throw new ConcurrentKeyChangeException();
        }
        throw e;
      }
    }
  }

  static final String INSERT =
      "INSERT INTO meter_keys (serial, version, state, lls_password, hls_secret, encryption_key, "
          + "authentication_key, fingerprint, utility, origin, created_by, activated_at) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? = 'active' THEN now() END)";

  void bindInsert(
      PreparedStatement ps,
      MasterKey key,
      String serial,
      int version,
      KeyState state,
      MeterSecrets secrets,
      String utility,
      String origin,
      String by)
      throws SQLException {
    ps.setString(1, serial);
    ps.setInt(2, version);
    ps.setString(3, state.wire());
    int i = 4;
    for (KeyKind kind : KeyKind.values()) {
      Optional<byte[]> value = kind.of(secrets);
      ps.setBytes(
          i++,
          value.isPresent() ? key.seal(value.get(), associatedData(serial, version, kind)) : null);
    }
    ps.setBytes(8, fingerprint(key, serial, secrets));
    ps.setString(9, utility);
    ps.setString(10, origin);
    ps.setString(11, by);
    ps.setString(12, state.wire());
  }

  /** A version of a meter's keys, opened. */
  record OpenedKeys(KeyVersion version, MeterSecrets secrets) {}

  Optional<OpenedKeys> find(String serial, KeyState state) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + COLUMNS + " FROM meter_keys WHERE serial = ? AND state = ?")) {
      ps.setString(1, serial);
      ps.setString(2, state.wire());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new OpenedKeys(version(rs), open(rs))) : Optional.empty();
      }
    }
  }

  private MeterSecrets open(ResultSet rs) throws SQLException {
    MasterKey key = requireMaster();
    String serial = rs.getString("serial");
    int version = rs.getInt("version");
    Map<KeyKind, byte[]> values = new EnumMap<>(KeyKind.class);
    for (KeyKind kind : KeyKind.values()) {
      byte[] sealed = rs.getBytes(kind.column());
      if (sealed != null) {
        values.put(kind, key.open(sealed, associatedData(serial, version, kind)));
      }
    }
    return MeterKeyFile.secretsOf(values);
  }

  MasterKey requireMaster() {
    return master.orElseThrow(MasterKeyMissingException::new);
  }

  private static KeyVersion version(ResultSet rs) throws SQLException {
    Set<KeyKind> present = EnumSet.noneOf(KeyKind.class);
    for (KeyKind kind : KeyKind.values()) {
      if (rs.getBytes(kind.column()) != null) {
        present.add(kind);
      }
    }
    return new KeyVersion(
        rs.getString("serial"),
        rs.getInt("version"),
        KeyState.fromWire(rs.getString("state")),
        present,
        rs.getString("origin"),
        rs.getString("created_by"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("activated_at")),
        instant(rs.getTimestamp("retired_at")),
        Optional.ofNullable(rs.getBytes("system_title")).map(SystemTitles::format));
  }

  private static java.time.Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private record Existing(
      int version, KeyState state, byte[] fingerprint, Optional<String> utility) {}

  private static Map<String, List<Existing>> existing(Connection c, List<String> serials)
      throws SQLException {
    Map<String, List<Existing>> out = new HashMap<>();
    // FOR UPDATE: a rotation of one of these meters waits for this import, and the other way round
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT serial, version, state, fingerprint, utility FROM meter_keys WHERE serial = ANY (?) FOR UPDATE")) {
      ps.setArray(1, c.createArrayOf("text", serials.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), s -> new ArrayList<>())
              .add(
                  new Existing(
                      rs.getInt(2),
                      KeyState.fromWire(rs.getString(3)),
                      rs.getBytes(4),
                      Optional.ofNullable(rs.getString(5))));
        }
      }
    }
    return out;
  }

  static boolean uniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  /**
   * Binds a sealed value to its meter, version and kind: the row cannot be moved and still open.
   */
  static byte[] associatedData(String serial, int version, KeyKind kind) {
    return bytes(
        out -> {
          out.writeUTF("urja/meter-key/1");
          out.writeUTF(serial);
          out.writeInt(version);
          out.writeUTF(kind.column());
        });
  }

  static byte[] fingerprint(MasterKey key, String serial, MeterSecrets secrets) {
    return key.fingerprint(
        bytes(
            out -> {
              out.writeUTF(serial);
              for (KeyKind kind : KeyKind.values()) {
                Optional<byte[]> v = kind.of(secrets);
                out.writeInt(v.map(b -> b.length).orElse(-1));
                if (v.isPresent()) {
                  out.write(v.get());
                }
              }
            }));
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] bytes(Writer w) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      w.write(out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return buffer.toByteArray();
  }
}
