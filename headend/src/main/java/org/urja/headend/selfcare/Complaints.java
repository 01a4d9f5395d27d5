package org.urja.headend.selfcare;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Page;
import org.urja.headend.api.Rows;
import org.urja.ledger.alerts.NotificationKind;

/**
 * Complaints with numbers consumers can quote: {@code {utility}-C{8 digits}} from one sequence, so
 * numbers never repeat across nodes. A supply-interruption report on a feeder with an open outage
 * is answered with the outage and opens no complaint.
 *
 * <p>Each event of a complaint is told to the consumer once, in the transaction that records it:
 * its registration, every change of its status, its resolution. A registration sent again (the same
 * account, category and description while that complaint is still open) returns the open complaint
 * instead of a second one; a status set again to what it already is changes nothing.
 */
public final class Complaints {
  static final String COLUMNS =
      "select complaint_number, account_id, utility_id, category, description, status, "
          + "channel, created_at, updated_at, resolution from complaints";
  private final Rows rows;
  private final Outages outages;
  private final ConsumerOutbox outbox;
  private final Clock clock;

  public Complaints(Rows rows, Outages outages, ConsumerOutbox outbox, Clock clock) {
    this.rows = rows;
    this.outages = outages;
    this.outbox = outbox;
    this.clock = clock;
  }

  /**
   * Either a complaint or the outage that already covers it; {@code repeated} when the complaint
   * was already open (a registration sent again).
   */
  public record Registration(
      Map<String, Object> complaint, Map<String, Object> outage, boolean repeated) {
    public Registration(Map<String, Object> complaint, Map<String, Object> outage) {
      this(complaint, outage, false);
    }

    public boolean isOutage() {
      return outage != null;
    }
  }

  public Registration register(
      String accountId, ComplaintCategory category, String description, String channel) {
    ConsumerAccount account =
        ConsumerAccount.find(rows, accountId)
            .orElseThrow(
                () ->
                    new ApiError(404, "account_not_found", "no account " + accountId, "accountId"));
    if (category == ComplaintCategory.SUPPLY_INTERRUPTION) {
      outages.scan();
      Optional<Map<String, Object>> outage = outages.openFor(accountId);
      if (outage.isPresent()) {
        return new Registration(null, outage.get());
      }
    }
    String text = description == null ? "" : description;
    AtomicReference<String> number = new AtomicReference<>();
    AtomicReference<Boolean> repeated = new AtomicReference<>(false);
    rows.inTransaction(
        c -> {
          // one registration at a time per account, so that two copies of one request (a retry
          // racing its original, on two nodes) find each other
          Rows.list(c, "select pg_advisory_xact_lock(hashtext(?))", "complaint:" + accountId);
          List<Map<String, Object>> open =
              Rows.list(
                  c,
                  "select complaint_number from complaints where account_id = ? and category = ? "
                      + "and description = ? and status in ('open', 'in_progress') "
                      + "order by created_at limit 1",
                  accountId,
                  category.wire(),
                  text);
          if (!open.isEmpty()) {
            number.set((String) open.get(0).get("complaintNumber"));
            repeated.set(true);
            return;
          }
          number.set(register(c, account, category, text, channel));
        });
    return new Registration(find(number.get()).orElseThrow(), null, repeated.get());
  }

  private String register(
      Connection c,
      ConsumerAccount account,
      ComplaintCategory category,
      String description,
      String channel)
      throws SQLException {
    long seq =
        ((Number) Rows.list(c, "select nextval('complaint_seq') as n").get(0).get("n")).longValue();
    String number = account.utilityId() + "-C" + String.format("%08d", seq);
    Instant now = clock.instant();
    Rows.update(
        c,
        "insert into complaints (complaint_number, account_id, utility_id, category, description, channel, "
            + "created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
        number,
        account.accountId(),
        account.utilityId(),
        category.wire(),
        description,
        channel,
        now,
        now);
    outbox.event(
        c,
        account.accountId(),
        NotificationKind.COMPLAINT_REGISTERED,
        language -> Map.of("complaint", number, "category", category.label("hi".equals(language))),
        "complaint:" + number);
    return number;
  }

  public Optional<Map<String, Object>> find(String number) {
    return rows.one(COLUMNS + " where complaint_number = ?", number);
  }

  public Page.Of<Map<String, Object>> list(
      String accountId, String utility, String status, Page page) {
    return page.of(
        rows.list(
            COLUMNS
                + " where (?::text is null or account_id = ?) and (?::text is null or utility_id = ?) "
                + "and (?::text is null or status = ?) order by created_at desc"
                + page.sql(),
            accountId,
            accountId,
            utility,
            utility,
            status,
            status));
  }

  /**
   * Sets the status (and the resolution, when given); a change of status is told to the consumer
   * once — resolved in its own words, with the resolution — and setting the status it already has
   * tells nothing.
   */
  public Map<String, Object> update(String number, String status, String resolution) {
    ComplaintStatus to = ComplaintStatus.fromWire(status);
    rows.inTransaction(
        c -> {
          // the row lock orders concurrent updates: of two copies of one request, one moves it
          List<Map<String, Object>> current =
              Rows.list(
                  c,
                  "select account_id, status, status_changes from complaints "
                      + "where complaint_number = ? for update",
                  number);
          if (current.isEmpty()) {
            return;
          }
          Map<String, Object> was = current.get(0);
          boolean moves = !to.wire().equals(was.get("status"));
          int changes = ((Number) was.get("statusChanges")).intValue() + (moves ? 1 : 0);
          List<Map<String, Object>> now =
              Rows.list(
                  c,
                  "update complaints set status = ?, resolution = coalesce(?, resolution), "
                      + "updated_at = ?, status_changes = ? where complaint_number = ? returning resolution",
                  to.wire(),
                  resolution,
                  clock.instant(),
                  changes,
                  number);
          if (moves) {
            tell(
                c,
                (String) was.get("accountId"),
                number,
                to,
                (String) now.get(0).get("resolution"),
                changes);
          }
        });
    return find(number).orElseThrow();
  }

  private void tell(
      Connection c,
      String accountId,
      String number,
      ComplaintStatus to,
      String resolution,
      int change)
      throws SQLException {
    String key = "complaint:" + number + ":status:" + change;
    if (to == ComplaintStatus.RESOLVED) {
      outbox.event(
          c,
          accountId,
          NotificationKind.COMPLAINT_RESOLVED,
          language ->
              resolution == null || resolution.isBlank()
                  ? Map.of("complaint", number)
                  : Map.of("complaint", number, "resolution", resolution),
          key);
    } else {
      outbox.event(
          c,
          accountId,
          NotificationKind.COMPLAINT_STATUS_CHANGED,
          language -> Map.of("complaint", number, "status", to.label("hi".equals(language))),
          key);
    }
  }
}
