package org.urja.headend.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * API keys: random 32-byte secrets handed out once, stored as their SHA-256 (a leaked table grants
 * nothing). Tokens from configuration are bootstrap keys: {@code api.gateway.tokens} are
 * payment-gateway keys (a fresh installation takes payments before anyone has created a key),
 * {@code api.operator.tokens} installation-wide operator keys (to create the first real keys, and
 * for the demo's dashboard).
 */
public final class ApiKeys {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final DataSource dataSource;
  private final List<byte[]> bootstrapGatewayHashes = new ArrayList<>();
  private final List<byte[]> bootstrapOperatorHashes = new ArrayList<>();

  public ApiKeys(
      DataSource dataSource,
      List<String> bootstrapGatewayTokens,
      List<String> bootstrapOperatorTokens) {
    this.dataSource = dataSource;
    bootstrapGatewayTokens.stream()
        .filter(t -> !t.isBlank())
        .forEach(t -> bootstrapGatewayHashes.add(sha256(t)));
    bootstrapOperatorTokens.stream()
        .filter(t -> !t.isBlank())
        .forEach(t -> bootstrapOperatorHashes.add(sha256(t)));
  }

  /** A key that has been created; {@code secret} is shown this once and never stored. */
  public record IssuedKey(long id, String name, Role role, String utilityId, String secret) {}

  public IssuedKey create(String name, Role role, String utilityId, String createdBy) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String secret = "urja_" + HexFormat.of().formatHex(raw);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into api_keys (name, role, utility_id, key_hash, created_by) "
                    + "values (?, ?, ?, ?, ?) returning id")) {
      ps.setString(1, name);
      ps.setString(2, role.wire());
      ps.setString(3, utilityId);
      ps.setString(4, HexFormat.of().formatHex(sha256(secret)));
      ps.setString(5, createdBy);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new IssuedKey(rs.getLong(1), name, role, utilityId, secret);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not store API key", e);
    }
  }

  public boolean revoke(long id, String utilityScope) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "update api_keys set revoked_at = now() where id = ? "
                    + "and revoked_at is null and (?::text is null or utility_id = ?)")) {
      ps.setLong(1, id);
      ps.setString(2, utilityScope);
      ps.setString(3, utilityScope);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("could not revoke API key", e);
    }
  }

  /** The principal a presented secret stands for, if it is a live key. */
  public Optional<Principal> authenticate(String secret) {
    byte[] hash = sha256(secret);
    for (int i = 0; i < bootstrapGatewayHashes.size(); i++) {
      if (MessageDigest.isEqual(bootstrapGatewayHashes.get(i), hash)) {
        return Optional.of(
            new Principal("config:gateway:" + i, "gateway token " + i, Role.PAYMENT_GATEWAY, null));
      }
    }
    for (int i = 0; i < bootstrapOperatorHashes.size(); i++) {
      if (MessageDigest.isEqual(bootstrapOperatorHashes.get(i), hash)) {
        return Optional.of(
            new Principal("config:operator:" + i, "operator token " + i, Role.OPERATOR, null));
      }
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select id, name, role, utility_id from api_keys where key_hash = ? and revoked_at is null")) {
      ps.setString(1, HexFormat.of().formatHex(hash));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Principal(
                "key:" + rs.getLong(1),
                rs.getString(2),
                Role.fromWire(rs.getString(3)),
                rs.getString(4)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not look up API key", e);
    }
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
