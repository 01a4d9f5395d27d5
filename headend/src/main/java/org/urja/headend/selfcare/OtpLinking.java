package org.urja.headend.selfcare;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Rows;
import org.urja.ledger.alerts.SecretSeal;

/**
 * Linking an account to a consumer (an app key or a WhatsApp number) after they prove the mobile
 * number registered on the account: a 6-digit code sent there, valid for a few minutes, five tries.
 * Only a hash of the code is stored; the message carrying it holds it sealed until the channel
 * sends it, and expires with the code (a crash before sending delivers it later or not at all).
 */
public final class OtpLinking {
  static final int MAX_ATTEMPTS = 5;
  static final int MAX_CODES_PER_HOUR = 3;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Rows rows;
  private final ConsumerOutbox outbox;
  private final Duration ttl;
  private final Clock clock;

  public OtpLinking(Rows rows, ConsumerOutbox outbox, Duration ttl, Clock clock) {
    this.rows = rows;
    this.outbox = outbox;
    this.ttl = ttl;
    this.clock = clock;
  }

  public record Challenge(String accountId, String sentTo, Instant expiresAt) {}

  /** Sends a code to the account's registered mobile number. */
  public Challenge request(String subject, String accountId) {
    ConsumerAccount account =
        ConsumerAccount.find(rows, accountId)
            .orElseThrow(
                () ->
                    new ApiError(
                        404,
                        "account_not_found",
                        "no account " + accountId + "; check the number on your bill",
                        "accountId"));
    if (account.phone() == null || account.phone().isBlank()) {
      throw new ApiError(
          409,
          "no_registered_mobile",
          "account "
              + accountId
              + " has no registered mobile number; "
              + "visit the utility office to register one",
          "accountId");
    }
    Instant now = clock.instant();
    if (rows.count(
            "select count(*) from consumer_otps where subject = ? and account_id = ? and created_at > ?",
            subject,
            accountId,
            now.minus(Duration.ofHours(1)))
        >= MAX_CODES_PER_HOUR) {
      throw new ApiError(
          429,
          "otp_rate_limited",
          "at most " + MAX_CODES_PER_HOUR + " codes an hour; try again later",
          null);
    }
    String code = String.format("%06d", RANDOM.nextInt(1_000_000));
    Instant expires = now.plus(ttl);
    long id =
        ((Number)
                rows.one(
                        "insert into consumer_otps (subject, account_id, code_hash, expires_at, created_at) "
                            + "values (?, ?, ?, ?, ?) returning id",
                        subject,
                        accountId,
                        hash(subject, code),
                        expires,
                        now)
                    .orElseThrow()
                    .get("id"))
            .longValue();
    long minutes = Math.max(1, ttl.toMinutes());
    // the code itself never enters the outbox in the clear: the channel gets it at send time
    String hidden = SecretSeal.PLACEHOLDER;
    String body =
        account.hindi()
            ? "आपका Urja सत्यापन कोड "
                + hidden
                + " है (खाता "
                + accountId
                + ")। यह "
                + minutes
                + " मिनट तक मान्य है। इसे किसी से साझा न करें।"
            : "Your Urja verification code is "
                + hidden
                + " (account "
                + accountId
                + "). It is valid for "
                + minutes
                + " minutes. Do not share it with anyone.";
    outbox.sendSecret(account, "otp", "otp:" + id, body, code, expires);
    return new Challenge(accountId, account.maskedPhone(), expires);
  }

  /**
   * Links the account when {@code code} matches the latest live code; errors say what to do next.
   */
  public void verify(String subject, String accountId, String code) {
    Instant now = clock.instant();
    Optional<Map<String, Object>> otp =
        rows.one(
            "select id, code_hash, expires_at, attempts from consumer_otps "
                + "where subject = ? and account_id = ? and used_at is null order by id desc limit 1",
            subject,
            accountId);
    if (otp.isEmpty()) {
      throw new ApiError(
          409, "otp_not_requested", "request a code first (POST /api/selfcare/links)", "accountId");
    }
    Map<String, Object> o = otp.get();
    long id = ((Number) o.get("id")).longValue();
    if (((Instant) o.get("expiresAt")).isBefore(now)) {
      throw new ApiError(410, "otp_expired", "the code has expired; request a new one", "otp");
    }
    if (((Number) o.get("attempts")).intValue() >= MAX_ATTEMPTS) {
      throw new ApiError(429, "otp_locked", "too many wrong codes; request a new one", "otp");
    }
    if (!MessageDigest.isEqual(
        hash(subject, code).getBytes(StandardCharsets.UTF_8),
        ((String) o.get("codeHash")).getBytes(StandardCharsets.UTF_8))) {
      rows.update("update consumer_otps set attempts = attempts + 1 where id = ?", id);
      throw ApiError.badField(
          "otp", "the code does not match; check the latest SMS/WhatsApp message");
    }
    rows.update("update consumer_otps set used_at = ? where id = ?", now, id);
    link(subject, accountId);
  }

  /**
   * Links without a code: for a WhatsApp sender whose number is the one registered on the account.
   */
  public void link(String subject, String accountId) {
    rows.update(
        "insert into consumer_links (subject, account_id) values (?, ?) on conflict do nothing",
        subject,
        accountId);
  }

  public List<String> linkedAccounts(String subject) {
    return rows
        .list("select account_id from consumer_links where subject = ? order by linked_at", subject)
        .stream()
        .map(r -> (String) r.get("accountId"))
        .toList();
  }

  private static String hash(String subject, String code) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest((subject + ":" + code).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
