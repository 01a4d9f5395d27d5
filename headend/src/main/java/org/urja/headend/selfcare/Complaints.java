package org.urja.headend.selfcare;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Page;
import org.urja.headend.api.Rows;

/**
 * Complaints with numbers consumers can quote: {@code {utility}-C{8 digits}} from one sequence, so
 * numbers never repeat across nodes. A supply-interruption report on a feeder with an open outage
 * is answered with the outage and opens no complaint.
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

  /** Either a new complaint or the outage that already covers it. */
  public record Registration(Map<String, Object> complaint, Map<String, Object> outage) {
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
    String number =
        account.utilityId()
            + "-C"
            + String.format("%08d", rows.count("select nextval('complaint_seq')"));
    rows.update(
        "insert into complaints (complaint_number, account_id, utility_id, category, description, channel, "
            + "created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
        number,
        accountId,
        account.utilityId(),
        category.wire(),
        description == null ? "" : description,
        channel,
        clock.instant(),
        clock.instant());
    outbox.send(
        account,
        "complaint_registered",
        "complaint:" + number,
        account.hindi()
            ? "आपकी शिकायत " + number + " दर्ज हो गई है (" + category.label(true) + ")।"
            : "Your complaint " + number + " (" + category.label(false) + ") has been registered.");
    return new Registration(find(number).orElseThrow(), null);
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

  public Map<String, Object> update(String number, String status, String resolution) {
    if (!List.of("open", "in_progress", "resolved", "closed").contains(status)) {
      throw ApiError.badField("status", "status must be open, in_progress, resolved or closed");
    }
    rows.update(
        "update complaints set status = ?, resolution = coalesce(?, resolution), updated_at = ? "
            + "where complaint_number = ?",
        status,
        resolution,
        clock.instant(),
        number);
    return find(number).orElseThrow();
  }
}
