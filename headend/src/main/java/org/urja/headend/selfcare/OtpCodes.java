package org.urja.headend.selfcare;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Rows;

/**
 * One-time codes proving a mobile number to a subject (an app user, a WhatsApp number): 6 digits,
 * valid for a few minutes, five tries, a few codes an hour. A code proves either an account's
 * registered mobile ({@link Target#account}) or a mobile itself ({@link Target#mobile}). Only a
 * hash of the code is stored; every refused code is counted ({@code urja.selfcare.otp.refused} by
 * reason) and logged without the code.
 */
final class OtpCodes {
  static final int MAX_ATTEMPTS = 5;
  static final int MAX_CODES_PER_HOUR = 3;

  /**
   * Codes one mobile may receive in an hour whoever asks: many subjects asking must not turn the
   * head-end into an SMS cannon aimed at one number.
   */
  static final int MAX_CODES_PER_MOBILE_PER_HOUR = 10;

  private static final Logger log = LoggerFactory.getLogger(OtpCodes.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Rows rows;
  private final Duration ttl;
  private final Clock clock;
  private final MeterRegistry registry;

  OtpCodes(Rows rows, Duration ttl, Clock clock, MeterRegistry registry) {
    this.rows = rows;
    this.ttl = ttl;
    this.clock = clock;
    this.registry = registry;
  }

  /** What a code proves: exactly one of the two is set. */
  record Target(String accountId, String mobile) {
    static Target account(String accountId) {
      return new Target(accountId, null);
    }

    static Target mobile(String digits) {
      return new Target(null, digits);
    }
  }

  /** A code just made: the clear code goes only into a sealed message. */
  record Issued(long id, String code, Instant expiresAt) {}

  Duration ttl() {
    return ttl;
  }

  Issued issue(String subject, Target target) {
    Instant now = clock.instant();
    Instant hourAgo = now.minus(Duration.ofHours(1));
    if (rows.count(
                "select count(*) from consumer_otps where subject = ? and account_id is not distinct from ? "
                    + "and mobile is not distinct from ? and created_at > ?",
                subject,
                target.accountId(),
                target.mobile(),
                hourAgo)
            >= MAX_CODES_PER_HOUR
        || (target.mobile() != null
            && rows.count(
                    "select count(*) from consumer_otps where mobile = ? and created_at > ?",
                    target.mobile(),
                    hourAgo)
                >= MAX_CODES_PER_MOBILE_PER_HOUR)) {
      refused("rate_limited", subject);
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
                        "insert into consumer_otps (subject, account_id, mobile, code_hash, expires_at, created_at) "
                            + "values (?, ?, ?, ?, ?, ?) returning id",
                        subject,
                        target.accountId(),
                        target.mobile(),
                        hash(subject, code),
                        expires,
                        now)
                    .orElseThrow()
                    .get("id"))
            .longValue();
    return new Issued(id, code, expires);
  }

  /**
   * Uses up the latest live code for {@code target} when {@code code} matches it; otherwise an
   * error that says what to do next, and the refusal counted.
   */
  void check(String subject, Target target, String code, String requestHint) {
    Instant now = clock.instant();
    Optional<Map<String, Object>> otp =
        rows.one(
            "select id, code_hash, expires_at, attempts from consumer_otps where subject = ? "
                + "and account_id is not distinct from ? and mobile is not distinct from ? "
                + "and used_at is null order by id desc limit 1",
            subject,
            target.accountId(),
            target.mobile());
    if (otp.isEmpty()) {
      refused("not_requested", subject);
      throw new ApiError(
          409,
          "otp_not_requested",
          "request a code first (" + requestHint + ")",
          target.accountId() != null ? "accountId" : "mobile");
    }
    Map<String, Object> o = otp.get();
    long id = ((Number) o.get("id")).longValue();
    if (((Instant) o.get("expiresAt")).isBefore(now)) {
      refused("expired", subject);
      throw new ApiError(410, "otp_expired", "the code has expired; request a new one", "otp");
    }
    if (((Number) o.get("attempts")).intValue() >= MAX_ATTEMPTS) {
      refused("locked", subject);
      throw new ApiError(429, "otp_locked", "too many wrong codes; request a new one", "otp");
    }
    if (!MessageDigest.isEqual(
        hash(subject, code).getBytes(StandardCharsets.UTF_8),
        ((String) o.get("codeHash")).getBytes(StandardCharsets.UTF_8))) {
      rows.update("update consumer_otps set attempts = attempts + 1 where id = ?", id);
      refused("wrong", subject);
      throw ApiError.badField(
          "otp", "the code does not match; check the latest SMS/WhatsApp message");
    }
    rows.update("update consumer_otps set used_at = ? where id = ?", now, id);
  }

  private void refused(String reason, String subject) {
    Counter.builder("urja.selfcare.otp.refused")
        .description("one-time codes refused, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
    log.info("otp refused ({}) for {}", reason, subject);
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
