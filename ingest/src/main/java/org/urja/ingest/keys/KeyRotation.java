package org.urja.ingest.keys;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.urja.protocol.security.MeterSecrets;

/**
 * Changing a meter's keys without losing it. A rotation stores a new version as {@link
 * KeyState#PENDING}; the active version stays in use (and {@link MeterKeyStore#lookup} keeps
 * answering it) until the new keys are confirmed on the meter. Whoever sets them on the meter (the
 * DLMS client through the security setup object, class 64, {@code key_transfer}; or an operator
 * with a hand-held unit) reads them with {@link #pending} and then calls {@link #confirm}: the
 * pending version becomes active and the old one retired, in one transaction. {@link #cancel}
 * retires a pending version that never reached the meter.
 *
 * <p>Invariants: at most one pending version per meter (a second rotation waits for the first to be
 * confirmed or cancelled); a retired version is never used again. Confirming also forgets the
 * meter's last accepted frame counters: a meter restarts its counter under new keys, and a frame
 * replayed from before no longer authenticates.
 */
public final class KeyRotation {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final DataSource dataSource;
  private final MeterKeyStore store;

  public KeyRotation(DataSource dataSource, MeterKeyStore store) {
    this.dataSource = dataSource;
    this.store = store;
  }

  /** A pending version with its secrets, for the one who sets them on the meter. */
  public record Pending(KeyVersion version, MeterSecrets secrets) {}

  /**
   * Why a rotation cannot start or end: no keys, one already pending, or no such pending version.
   */
  public static final class RotationRefusedException extends IllegalStateException {
    private final String code;

    RotationRefusedException(String code, String message) {
      super(message);
      this.code = code;
    }

    /** {@code no_keys}, {@code rotation_pending} or {@code not_pending}. */
    public String code() {
      return code;
    }
  }

  /**
   * Stores a new pending version. Secrets given in {@code requested} are used as they are; the
   * encryption and authentication keys not given are drawn fresh from a {@link SecureRandom}; the
   * LLS password and HLS secret not given are carried over from the active version.
   */
  public KeyVersion start(String serial, MeterSecrets requested, String by) throws SQLException {
    MasterKey key = store.requireMaster();
    MeterKeyStore.OpenedKeys active =
        store
            .find(serial, KeyState.ACTIVE)
            .orElseThrow(
                () ->
                    new RotationRefusedException(
                        "no_keys",
                        "meter "
                            + serial
                            + " has no active keys to rotate; import its key file first"));
    Map<KeyKind, byte[]> next = new EnumMap<>(KeyKind.class);
    for (KeyKind kind : KeyKind.values()) {
      Optional<byte[]> given = kind.of(requested);
      if (given.isPresent()) {
        next.put(kind, given.get());
      } else if (kind == KeyKind.ENCRYPTION_KEY || kind == KeyKind.AUTHENTICATION_KEY) {
        byte[] fresh = new byte[MeterSecrets.AES_128_KEY_BYTES];
        RANDOM.nextBytes(fresh);
        next.put(kind, fresh);
      } else {
        kind.of(active.secrets()).ifPresent(v -> next.put(kind, v));
      }
    }
    MeterSecrets secrets = MeterKeyFile.secretsOf(next);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int version;
        String utility;
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT max(version), (array_agg(utility ORDER BY version))[1], "
                    + "count(*) FILTER (WHERE state = 'pending') FROM meter_keys WHERE serial = ?")) {
          ps.setString(1, serial);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(3) > 0) {
              throw new RotationRefusedException(
                  "rotation_pending",
                  "meter "
                      + serial
                      + " already has a pending rotation; "
                      + "confirm or cancel it first");
            }
            version = rs.getInt(1) + 1;
            utility = rs.getString(2);
          }
        }
        try (PreparedStatement ps = c.prepareStatement(MeterKeyStore.INSERT)) {
          store.bindInsert(
              ps, key, serial, version, KeyState.PENDING, secrets, utility, "rotation", by);
          ps.executeUpdate();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        if (MeterKeyStore.uniqueViolation(e)) {
          throw new RotationRefusedException(
              "rotation_pending",
              "meter "
                  + serial
                  + " already has a pending rotation; "
                  + "confirm or cancel it first");
        }
        throw e;
      } catch (RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return store.versions(serial).stream()
        .filter(v -> v.state() == KeyState.PENDING)
        .findFirst()
        .orElseThrow();
  }

  /** The meter's pending version and its secrets, to be set on the meter. */
  public Optional<Pending> pending(String serial) throws SQLException {
    return store.find(serial, KeyState.PENDING).map(o -> new Pending(o.version(), o.secrets()));
  }

  /**
   * The pending {@code version} is in use on the meter: it becomes active, the previous active
   * version is retired, and the meter's frame counters are forgotten.
   *
   * @throws RotationRefusedException ({@code not_pending}) when that version is not pending
   */
  public KeyVersion confirm(String serial, int version) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        requirePending(c, serial, version);
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE meter_keys SET state = 'retired', retired_at = now() WHERE serial = ? AND state = 'active'")) {
          ps.setString(1, serial);
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE meter_keys SET state = 'active', activated_at = now() WHERE serial = ? AND version = ?")) {
          ps.setString(1, serial);
          ps.setInt(2, version);
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM meter_frame_counters WHERE serial = ?")) {
          ps.setString(1, serial);
          ps.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    store.keysChanged(serial);
    return one(serial, version);
  }

  /** Retires a pending version that will not be set on the meter; the active one stays. */
  public KeyVersion cancel(String serial, int version) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        requirePending(c, serial, version);
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE meter_keys SET state = 'retired', retired_at = now() WHERE serial = ? AND version = ?")) {
          ps.setString(1, serial);
          ps.setInt(2, version);
          ps.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return one(serial, version);
  }

  private static void requirePending(Connection c, String serial, int version) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT state FROM meter_keys WHERE serial = ? AND version = ? FOR UPDATE")) {
      ps.setString(1, serial);
      ps.setInt(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !rs.getString(1).equals(KeyState.PENDING.wire())) {
          throw new RotationRefusedException(
              "not_pending",
              "version " + version + " of meter " + serial + "'s keys is not pending");
        }
      }
    }
  }

  private KeyVersion one(String serial, int version) throws SQLException {
    return store.versions(serial).stream()
        .filter(v -> v.version() == version)
        .findFirst()
        .orElseThrow();
  }
}
