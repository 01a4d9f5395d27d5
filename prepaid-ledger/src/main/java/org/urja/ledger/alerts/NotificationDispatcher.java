package org.urja.ledger.alerts;

import static org.urja.ledger.db.Sql.ts;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ledger.db.Transactions;

/**
 * Delivers the notification outbox to its channels, at least once.
 *
 * <p>A poll claims due rows of this dispatcher's channels with {@code FOR UPDATE SKIP LOCKED}, so
 * any number of dispatchers (threads or head-end nodes) share the work, and hides them for a lease
 * instead of holding the transaction open while the network is slow. Each outcome is then recorded:
 * delivered; retried after an exponential backoff; or dead-lettered ({@code status = 'dead'}) when
 * rejected or after {@link DispatchSettings#maxAttempts()}.
 *
 * <p>Invariant: the dispatcher thread outlives any failure. A channel throwing anything, an {@link
 * Error} included, fails that message (retried with backoff like a {@code RETRY}); a failed poll is
 * logged and the next one runs. A message is never attempted more than {@code maxAttempts} times,
 * even when each attempt was cut short by a crash: it is then {@code dead}, listed for operators by
 * {@code GET /api/notifications?status=dead}.
 *
 * <p>A message carrying a secret (an OTP) is stored with the secret sealed ({@link SecretSeal}); it
 * is opened here, in memory, only to hand the message to its channel, and erased from the row once
 * the message is delivered or dead. A message past its {@code expires_at} is dead, never sent late.
 *
 * <p>A prepaid message (balance, recharge, disconnection) whose account has become postpaid since
 * it was queued is never delivered: each claim first marks such due rows {@code suppressed}, with
 * the reason in {@code last_error}, in the claim's own transaction. The mode is read there, so a
 * switch committed before the claim always wins; one committed while a claimed message is in flight
 * does not recall it.
 *
 * <p>Life: {@link #start()} polls on a single daemon thread until {@link #stop()}; {@link
 * #runOnce()} does one poll in the caller's thread (tests, or a scheduler the head-end already
 * has).
 */
public final class NotificationDispatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

  private final Transactions tx;
  private final Map<String, NotificationChannel> channels = new LinkedHashMap<>();
  private final DispatchSettings settings;
  private final Clock clock;
  private final MeterRegistry metrics;
  private ScheduledExecutorService executor;
  private volatile SecretSeal seal;

  /** A message as claimed, with what only the dispatcher sees: its sealed secret and its expiry. */
  private record Claimed(
      OutboxMessage message, String sealedSecret, String dedupKey, Instant expiresAt) {}

  /**
   * @param metrics receives {@code urja.notifications{channel, outcome}} per attempt
   */
  public NotificationDispatcher(
      Transactions tx,
      List<NotificationChannel> channels,
      DispatchSettings settings,
      Clock clock,
      MeterRegistry metrics) {
    this.tx = tx;
    channels.forEach(ch -> this.channels.put(ch.name(), ch));
    this.settings = settings;
    this.clock = clock;
    this.metrics = metrics;
  }

  public NotificationDispatcher(
      Transactions tx, List<NotificationChannel> channels, DispatchSettings settings, Clock clock) {
    this(tx, channels, settings, clock, Metrics.globalRegistry);
  }

  /**
   * The key that opens sealed secrets (the head-end's {@code notify.seal.key}); without one, this
   * database's key is loaded when the first sealed message comes.
   */
  public NotificationDispatcher sealWith(SecretSeal seal) {
    this.seal = seal;
    return this;
  }

  public synchronized void start() {
    if (executor != null) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "urja-notification-dispatcher");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        this::pollSafely, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  public synchronized void stop() {
    if (executor == null) {
      return;
    }
    executor.shutdown();
    try {
      executor.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor = null;
  }

  @Override
  public void close() {
    stop();
  }

  /** Claims and delivers one batch; returns how many messages were attempted. */
  public int runOnce() {
    Instant now = clock.instant();
    List<Claimed> claimed = tx.inTransaction(c -> claim(c, now));
    for (Claimed claim : claimed) {
      OutboxMessage m = claim.message();
      DeliveryResult result;
      try {
        result = deliver(claim, now);
        if (result == null) {
          result = DeliveryResult.retry("channel " + m.channel() + " gave no outcome");
        }
      } catch (Throwable t) {
        // one message's failure, even an Error from a channel, fails that message only: the
        // thread goes on with the batch, and the message's retries are counted as any other's
        result = DeliveryResult.retry(t.toString());
      }
      DeliveryResult outcome = result;
      tx.inTransaction(c -> record(c, m, outcome, clock.instant()));
      metrics
          .counter(
              "urja.notifications",
              "channel",
              m.channel(),
              "outcome",
              outcome.outcome().name().toLowerCase())
          .increment();
    }
    return claimed.size();
  }

  private DeliveryResult deliver(Claimed claim, Instant now) {
    OutboxMessage m = claim.message();
    if (claim.expiresAt() != null && !now.isBefore(claim.expiresAt())) {
      return DeliveryResult.rejected(
          "expired at " + claim.expiresAt() + " before it could be delivered");
    }
    if (claim.sealedSecret() != null) {
      String secret;
      try {
        secret = seal().open(claim.sealedSecret(), claim.dedupKey());
      } catch (IllegalArgumentException e) {
        // another node may hold the right key (a misconfigured notify.seal.key): retried, then dead
        return DeliveryResult.retry(e.getMessage());
      }
      m = SecretSeal.reveal(m, secret);
    }
    return channels.get(m.channel()).deliver(m);
  }

  private SecretSeal seal() {
    SecretSeal s = seal;
    if (s == null) {
      s = SecretSeal.forDatabase(tx);
      seal = s;
    }
    return s;
  }

  private void pollSafely() {
    try {
      while (runOnce() >= settings.batchSize()) {
        // keep draining while full batches come back
      }
    } catch (Throwable t) {
      // an exception escaping a scheduled task cancels its schedule: the dispatcher would stop for
      // good
      LOG.warn("notification dispatch failed; will poll again: {}", t.toString());
    }
  }

  private List<Claimed> claim(Connection c, Instant now) throws SQLException {
    giveUpOnAbandoned(c, now);
    suppressPrepaidForPostpaid(c, now);
    List<Claimed> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "with due as (select id from notification_outbox where status = 'pending' and channel = any(?) "
                + "and attempts < ? and next_attempt_at <= ? order by next_attempt_at, id limit ? for update skip locked) "
                + "update notification_outbox o set attempts = o.attempts + 1, next_attempt_at = ? from due "
                + "where o.id = due.id returning o.id, o.account_id, o.utility_id, o.kind, o.language, o.channel, "
                + "o.recipient, o.body, o.payload::text, o.attempts, o.created_at, o.sealed_secret, o.dedup_key, "
                + "o.expires_at")) {
      ps.setArray(1, c.createArrayOf("text", channels.keySet().toArray()));
      ps.setInt(2, settings.maxAttempts());
      ps.setTimestamp(3, ts(now));
      ps.setInt(4, settings.batchSize());
      ps.setTimestamp(5, ts(now.plus(settings.lease())));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Claimed(
                  new OutboxMessage(
                      rs.getLong(1),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getString(7),
                      rs.getString(8),
                      rs.getString(9),
                      rs.getInt(10),
                      rs.getTimestamp(11).toInstant()),
                  rs.getString(12),
                  rs.getString(13),
                  rs.getTimestamp(14) == null ? null : rs.getTimestamp(14).toInstant()));
        }
      }
    }
    return out;
  }

  /**
   * Due prepaid messages of accounts that are postpaid now: never delivered, kept with the reason.
   */
  private void suppressPrepaidForPostpaid(Connection c, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update notification_outbox o set status = 'suppressed', sealed_secret = null, last_error = ? "
                + "from ledger_accounts a where a.account_id = o.account_id and a.payment_mode = 'postpaid' "
                + "and o.status = 'pending' and o.channel = any(?) and o.kind = any(?) and o.next_attempt_at <= ? "
                + "returning o.id, o.channel, o.kind")) {
      ps.setString(
          1, "suppressed: the account is postpaid, a prepaid message is never delivered to it");
      ps.setArray(2, c.createArrayOf("text", channels.keySet().toArray()));
      ps.setArray(3, c.createArrayOf("text", NotificationKind.prepaidOnlyDbValues().toArray()));
      ps.setTimestamp(4, ts(now));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LOG.info(
              "notification {} ({}) via {} suppressed: account is postpaid",
              rs.getLong(1),
              rs.getString(3),
              rs.getString(2));
          metrics
              .counter("urja.notifications", "channel", rs.getString(2), "outcome", "suppressed")
              .increment();
        }
      }
    }
  }

  /**
   * A message whose every attempt ended without an outcome (the process died while delivering it,
   * so its lease ran out each time) is dead-lettered once its attempts are used up, instead of
   * being claimed again for ever: a message that kills the dispatcher cannot poison its restarts.
   */
  private void giveUpOnAbandoned(Connection c, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update notification_outbox set status = 'dead', sealed_secret = null, "
                + "last_error = coalesce(last_error || '; ', '') || ? "
                + "where status = 'pending' and channel = any(?) and attempts >= ? and next_attempt_at <= ? "
                + "returning id, channel")) {
      ps.setString(
          1,
          "no outcome after "
              + settings.maxAttempts()
              + " attempts (delivery interrupted each time)");
      ps.setArray(2, c.createArrayOf("text", channels.keySet().toArray()));
      ps.setInt(3, settings.maxAttempts());
      ps.setTimestamp(4, ts(now));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LOG.warn(
              "notification {} via {} dead-lettered: no outcome after {} attempts",
              rs.getLong(1),
              rs.getString(2),
              settings.maxAttempts());
          metrics
              .counter("urja.notifications", "channel", rs.getString(2), "outcome", "abandoned")
              .increment();
        }
      }
    }
  }

  private Void record(Connection c, OutboxMessage m, DeliveryResult result, Instant now)
      throws SQLException {
    boolean dead =
        result.outcome() == DeliveryResult.Outcome.REJECTED
            || (result.outcome() == DeliveryResult.Outcome.RETRY
                && m.attempt() >= settings.maxAttempts());
    String sql;
    Instant at = now;
    if (result.outcome() == DeliveryResult.Outcome.DELIVERED) {
      sql =
          "update notification_outbox set status = 'delivered', delivered_at = ?, last_error = ?, sealed_secret = null "
              + "where id = ?";
    } else if (dead) {
      sql =
          "update notification_outbox set status = 'dead', next_attempt_at = ?, last_error = ?, sealed_secret = null "
              + "where id = ?";
    } else {
      sql = "update notification_outbox set next_attempt_at = ?, last_error = ? where id = ?";
      at = now.plus(settings.backoffAfter(m.attempt()));
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, ts(at));
      ps.setString(2, result.error());
      ps.setLong(3, m.id());
      ps.executeUpdate();
    }
    if (dead) {
      LOG.warn(
          "notification {} via {} dead-lettered after attempt {}: {}",
          m.id(),
          m.channel(),
          m.attempt(),
          result.error());
    }
    return null;
  }
}
