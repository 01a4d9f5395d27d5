package org.urja.ingest.keys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.urja.protocol.security.CipheredPushes;
import org.urja.protocol.security.SystemTitles;

/**
 * Which meter has which system title ({@code meter_system_titles}, V31), and whether its pushes
 * must be ciphered. A ciphered push names its sender only by system title, so a title belongs to
 * one meter; the title arrives with the meter's keys (key file column {@code system_title}) and
 * does not change when the keys are rotated. Titles are identifiers, not secrets.
 */
public final class MeterSystemTitles {
  private final DataSource dataSource;
  private final List<java.util.function.Consumer<String>> policyListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public MeterSystemTitles(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Told the serial whose "must cipher" setting this node changed, so caches on this node follow at
   * once (other nodes' caches follow within their own expiry).
   */
  public void onPushCipheringChanged(java.util.function.Consumer<String> listener) {
    policyListeners.add(listener);
  }

  /**
   * What is known of a meter's title: the title (upper-case hex) and whether its pushes must be
   * ciphered.
   */
  public record Title(String serial, String systemTitle, boolean pushesCiphered) {}

  public Optional<Title> ofMeter(String serial) throws SQLException {
    return one(
        "SELECT serial, system_title, pushes_ciphered FROM meter_system_titles WHERE serial = ?",
        ps -> ps.setString(1, serial));
  }

  /** The meter that owns {@code systemTitle} (8 bytes), if any. */
  public Optional<Title> ofSystemTitle(byte[] systemTitle) throws SQLException {
    return one(
        "SELECT serial, system_title, pushes_ciphered FROM meter_system_titles WHERE system_title = ?",
        ps -> ps.setBytes(1, systemTitle));
  }

  /**
   * Sets whether the meter's pushes must be ciphered; false when the meter has no system title (a
   * meter whose title is unknown cannot have its ciphered pushes opened, so it may not be required
   * to).
   */
  public boolean requireCipheredPushes(String serial, boolean required) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE meter_system_titles SET pushes_ciphered = ?, updated_at = now() WHERE serial = ?")) {
      ps.setBoolean(1, required);
      ps.setString(2, serial);
      boolean changed = ps.executeUpdate() == 1;
      if (changed) {
        policyListeners.forEach(l -> l.accept(serial));
      }
      return changed;
    }
  }

  /**
   * The sender lookup for {@link CipheredPushes}: the meter owning the title and its active keys.
   * Fails closed: a database error is thrown, never an empty answer.
   */
  public CipheredPushes.SenderLookup senders(MeterKeyStore keys) {
    return title -> {
      try {
        Optional<Title> owner = ofSystemTitle(title);
        if (owner.isEmpty()) {
          return Optional.empty();
        }
        return keys.lookup(owner.get().serial())
            .map(s -> new CipheredPushes.Sender(owner.get().serial(), s));
      } catch (SQLException e) {
        throw new IllegalStateException(
            "the owner of system title " + SystemTitles.format(title) + " could not be looked up",
            e);
      }
    };
  }

  /**
   * Problems with the titles of an import, inside its transaction (rows locked): a meter that
   * already has another title, or a title that belongs to another meter.
   */
  static List<KeyFileProblem> check(Connection c, List<KeyFileRow> rows) throws SQLException {
    List<KeyFileRow> titled = rows.stream().filter(r -> r.systemTitle().isPresent()).toList();
    if (titled.isEmpty()) {
      return List.of();
    }
    Map<String, String> titleOfSerial = new HashMap<>();
    Map<String, String> serialOfTitle = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT serial, system_title FROM meter_system_titles "
                + "WHERE serial = ANY (?) OR system_title = ANY (?) FOR UPDATE")) {
      ps.setArray(1, c.createArrayOf("text", titled.stream().map(KeyFileRow::serial).toArray()));
      ps.setArray(
          2,
          c.createArrayOf(
              "bytea",
              titled.stream()
                  .map(r -> SystemTitles.parse(r.systemTitle().get()))
                  .toArray(byte[][]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String title = SystemTitles.format(rs.getBytes(2));
          titleOfSerial.put(rs.getString(1), title);
          serialOfTitle.put(title, rs.getString(1));
        }
      }
    }
    List<KeyFileProblem> problems = new ArrayList<>();
    for (KeyFileRow r : titled) {
      String title = r.systemTitle().get();
      String had = titleOfSerial.get(r.serial());
      String owner = serialOfTitle.get(title);
      if (had != null && !had.equals(title)) {
        problems.add(
            new KeyFileProblem(
                r.line(),
                "systemTitle",
                "meter "
                    + r.serial()
                    + " already has system title "
                    + had
                    + "; a meter's system title does not change"));
      } else if (owner != null && !owner.equals(r.serial())) {
        problems.add(
            new KeyFileProblem(
                r.line(), "systemTitle", "system title " + title + " belongs to meter " + owner));
      }
    }
    return problems;
  }

  /**
   * Stores the titles of an import (after {@link #check}); titles already stored stay as they are.
   */
  static void insert(Connection c, List<KeyFileRow> rows) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO meter_system_titles (serial, system_title) VALUES (?, ?) ON CONFLICT (serial) DO NOTHING")) {
      for (KeyFileRow r : rows) {
        if (r.systemTitle().isPresent()) {
          ps.setString(1, r.serial());
          ps.setBytes(2, SystemTitles.parse(r.systemTitle().get()));
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private Optional<Title> one(String sql, Binder binder) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new Title(rs.getString(1), SystemTitles.format(rs.getBytes(2)), rs.getBoolean(3)))
            : Optional.empty();
      }
    }
  }
}
