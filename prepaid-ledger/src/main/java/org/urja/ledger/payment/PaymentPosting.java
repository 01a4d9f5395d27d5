package org.urja.ledger.payment;

import static org.urja.ledger.db.Sql.ts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.arrears.ArrearsRecovery;
import org.urja.ledger.db.LedgerDataException;
import org.urja.ledger.db.Transactions;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.journal.EntryKind;
import org.urja.ledger.journal.JournalBatch;
import org.urja.ledger.journal.JournalEntry;
import org.urja.ledger.journal.PostedEntry;

/**
 * Posts recharges from payment gateways, which deliver callbacks at least once and out of order.
 *
 * <p>The gateway reference (UTR, BBPS reference, event id) is the payment's identity: posting it
 * again returns the original receipt and credits nothing. The credit, the payment row and the
 * receipt number are written in one transaction, under the account's balance lock. A reversal
 * refers to the original reference and moves the payment from credited to reversed once; asking
 * again returns the same result.
 */
public final class PaymentPosting {

  private static final ZoneId IST = ZoneId.of("Asia/Kolkata");
  private static final String UNIQUE_VIOLATION = "23505";

  private final Transactions tx;
  private final BalanceListener balanceListener;
  private final ReceiptListener receiptListener;
  private final ReversalListener reversalListener;
  private final Clock clock;

  public PaymentPosting(
      Transactions tx,
      BalanceListener balanceListener,
      ReceiptListener receiptListener,
      Clock clock) {
    this(tx, balanceListener, receiptListener, ReversalListener.NONE, clock);
  }

  /**
   * @param reversalListener told of each new reversal in its transaction (the consumer's message)
   */
  public PaymentPosting(
      Transactions tx,
      BalanceListener balanceListener,
      ReceiptListener receiptListener,
      ReversalListener reversalListener,
      Clock clock) {
    this.tx = tx;
    this.balanceListener = balanceListener;
    this.receiptListener = receiptListener;
    this.reversalListener = reversalListener;
    this.clock = clock;
  }

  /**
   * Credits a recharge once per reference, with {@code receivedAt} taken as given (imports, replays
   * of history); see {@link #post(String, long, String, String, Instant, Instant)} for payments
   * arriving now.
   *
   * @throws PaymentRejectedException (nothing journalled) for a reference or channel out of shape,
   *     an amount not positive or over the utility's maximum, or a balance the credit would take
   *     past the range of a {@code long}
   */
  public Receipt post(
      String accountId,
      long amountPaise,
      String gatewayReference,
      String channel,
      Instant receivedAt) {
    return post(accountId, amountPaise, gatewayReference, channel, receivedAt, null);
  }

  /**
   * Credits a recharge arriving now: as {@link #post(String, long, String, String, Instant)}, and
   * also refused ({@code received_in_future}) when {@code receivedAt} is ahead of {@code now} by
   * more than the utility's {@code paymentFutureToleranceMinutes}.
   */
  public Receipt post(
      String accountId,
      long amountPaise,
      String gatewayReference,
      String channel,
      Instant receivedAt,
      Instant now) {
    if (amountPaise <= 0) {
      throw new PaymentRejectedException(
          "invalid_amount", "amountPaise", "a recharge must be positive: " + amountPaise);
    }
    PaymentBounds.checkShape(gatewayReference, channel);
    try {
      return postChecked(accountId, amountPaise, gatewayReference, channel, receivedAt, now);
    } catch (ArithmeticException e) {
      // Math.*Exact on the balance (the journal) or arrears: the transaction rolled back, nothing
      // is posted
      throw new PaymentRejectedException(
          "balance_out_of_range",
          "amountPaise",
          "this recharge would take the account's balance out of range");
    }
  }

  private Receipt postChecked(
      String accountId,
      long amountPaise,
      String gatewayReference,
      String channel,
      Instant receivedAt,
      Instant now) {
    try {
      return tx.inTransaction(
          c -> postOnce(c, accountId, amountPaise, gatewayReference, channel, receivedAt, now));
    } catch (LedgerDataException e) {
      // the same reference posted at the same moment for another account's lock: the loser sees it
      // now
      if (e.getCause() instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
        return tx.inTransaction(
            c -> postOnce(c, accountId, amountPaise, gatewayReference, channel, receivedAt, now));
      }
      throw e;
    }
  }

  private Receipt postOnce(
      Connection c,
      String accountId,
      long amountPaise,
      String reference,
      String channel,
      Instant receivedAt,
      Instant now)
      throws SQLException {
    JournalBatch journal = JournalBatch.lock(c, List.of(accountId));
    Optional<Receipt> existing = PaymentRecords.find(c, reference);
    if (existing.isPresent()) {
      Receipt r = existing.get();
      if (!r.accountId().equals(accountId) || r.amountPaise() != amountPaise) {
        throw new PaymentConflictException(
            "reference "
                + reference
                + " was posted for "
                + r.accountId()
                + " / "
                + r.amountPaise()
                + " paise, now "
                + accountId
                + " / "
                + amountPaise);
      }
      return r;
    }
    UtilitySettings settings =
        UtilityRegistry.settings(c, AccountRegistry.find(c, accountId).orElseThrow().utilityId());
    PaymentBounds.checkAmount(amountPaise, settings);
    if (now != null) {
      PaymentBounds.checkReceivedAt(receivedAt, now, settings);
    }
    String receiptNumber = nextReceiptNumber(c, receivedAt);
    journal.add(
        JournalEntry.of(
                accountId, EntryKind.RECHARGE, amountPaise, "recharge:" + reference, receivedAt)
            .withReference(reference)
            .withDetails(Map.of("channel", channel, "receipt", receiptNumber)));
    Optional<ArrearsRecovery.Taken> arrears =
        ArrearsRecovery.take(c, journal, accountId, reference, amountPaise, receivedAt);
    List<PostedEntry> posted = journal.flush();
    PostedEntry credit = posted.get(0);
    long balanceAfter = posted.get(posted.size() - 1).balanceAfterPaise();
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into payments (gateway_reference, account_id, amount_paise, channel, received_at, status, "
                + "receipt_number, balance_after_paise, credit_entry_id) values (?, ?, ?, ?, ?, 'credited', ?, ?, ?)")) {
      ps.setString(1, reference);
      ps.setString(2, accountId);
      ps.setLong(3, amountPaise);
      ps.setString(4, channel);
      ps.setTimestamp(5, ts(receivedAt));
      ps.setString(6, receiptNumber);
      ps.setLong(7, balanceAfter);
      ps.setLong(8, credit.id());
      ps.executeUpdate();
    }
    if (arrears.isPresent()) {
      ArrearsRecovery.record(c, reference, arrears.get(), posted.get(1).id());
    }
    Receipt receipt =
        new Receipt(
            receiptNumber,
            reference,
            accountId,
            amountPaise,
            channel,
            receivedAt,
            balanceAfter,
            "credited",
            false,
            arrears.map(ArrearsRecovery.Taken::amountPaise).orElse(0L),
            arrears.map(ArrearsRecovery.Taken::outstandingAfterPaise).orElse(0L));
    balanceListener.onBalanceChanges(c, journal.changes());
    receiptListener.onReceipt(c, receipt);
    return receipt;
  }

  public Reversal reverse(String gatewayReference, String reason) {
    return tx.inTransaction(
        c -> {
          Receipt original =
              PaymentRecords.find(c, gatewayReference)
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "no payment with reference " + gatewayReference));
          JournalBatch journal = JournalBatch.lock(c, List.of(original.accountId()));
          Optional<Reversal> done = PaymentRecords.reversal(c, gatewayReference);
          if (done.isPresent()) {
            return done.get();
          }
          Instant now = clock.instant();
          journal.add(
              JournalEntry.of(
                      original.accountId(),
                      EntryKind.REVERSAL,
                      -original.amountPaise(),
                      "reversal:" + gatewayReference,
                      now)
                  .withReference(gatewayReference)
                  .withDetails(Map.of("reason", reason, "receipt", original.receiptNumber())));
          // what the recharge paid towards arrears comes back with it: the consumer loses the
          // recharge, not more
          Optional<Long> recovered = ArrearsRecovery.recoveredBy(c, gatewayReference);
          recovered.ifPresent(
              r ->
                  ArrearsRecovery.queueGiveBack(
                      journal, original.accountId(), gatewayReference, r, now));
          List<PostedEntry> posted = journal.flush();
          PostedEntry debit = posted.get(0);
          if (recovered.isPresent()) {
            ArrearsRecovery.recordGiveBack(
                c, original.accountId(), gatewayReference, recovered.get(), posted.get(1).id());
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "update payments set status = 'reversed', reversed_at = ?, reversal_reason = ?, reversal_entry_id = ? "
                      + "where gateway_reference = ? and status = 'credited'")) {
            ps.setTimestamp(1, ts(now));
            ps.setString(2, reason);
            ps.setLong(3, debit.id());
            ps.setString(4, gatewayReference);
            ps.executeUpdate();
          }
          balanceListener.onBalanceChanges(c, journal.changes());
          Reversal reversal =
              new Reversal(
                  gatewayReference,
                  original.accountId(),
                  original.amountPaise(),
                  posted.get(posted.size() - 1).balanceAfterPaise(),
                  now,
                  reason,
                  false);
          reversalListener.onReversal(c, reversal, original);
          return reversal;
        });
  }

  public Optional<Receipt> receipt(String gatewayReference) {
    return tx.inTransaction(c -> PaymentRecords.find(c, gatewayReference));
  }

  /** RCPT-{year}-{six digits}: short enough to read out on a phone call, unique by the sequence. */
  private static String nextReceiptNumber(Connection c, Instant receivedAt) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select nextval('ledger_receipt_seq')");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return String.format("RCPT-%d-%06d", receivedAt.atZone(IST).getYear(), rs.getLong(1));
    }
  }
}
