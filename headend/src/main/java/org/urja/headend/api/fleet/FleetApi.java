package org.urja.headend.api.fleet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.urja.headend.api.Call;
import org.urja.headend.api.Page;
import org.urja.headend.api.Router;
import org.urja.headend.api.Rows;
import org.urja.headend.api.Schema;
import org.urja.ingest.session.MeterSession;
import org.urja.ingest.session.MeterSessions;

/** Fleet health and the notification log for operators. */
public final class FleetApi {
  private final Rows rows;
  private final MeterSessions sessions;
  private final MeterRegistry registry;
  private final Object rateLock = new Object();
  private double lastRows = -1;
  private long lastNanos;
  private double lastRate;

  public FleetApi(Rows rows, MeterSessions sessions, MeterRegistry registry) {
    this.rows = rows;
    this.sessions = sessions;
    this.registry = registry;
  }

  public void register(Router r) {
    r.add(
            "GET",
            "/api/fleet/health",
            Router.operator(),
            "connected, silent, readings/s, errors, queue, commands, credit",
            this::health)
        .returns(
            200,
            Schema.row(
                "utility, meters:integer, connectedMeters:integer, silentOverADay:integer, "
                    + "readingsPerSecond:number, decodeErrors:number, queueDepthRows:number, "
                    + "pendingCommands:integer, failedCommands:integer, lowCreditAccounts:integer, "
                    + "disconnectedMeters:integer, at:date-time"));
    r.add(
            "GET",
            "/api/notifications",
            Router.operator(),
            "messages sent (?accountId, ?status=pending|delivered|dead, ?limit, ?offset)",
            this::notifications)
        .returns(
            200,
            Schema.page(
                Schema.row(
                    "id:integer, accountId, kind, channel, recipient, language, body, status, "
                        + "attempts:integer, lastError, createdAt:date-time, deliveredAt:date-time")));
  }

  /** The numbers of the fleet overview, scoped to a utility (null: all). */
  public Map<String, Object> health(String utility) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("utility", utility);
    out.put(
        "meters",
        rows.count(
            "select count(*) from ingest_api.meters m where " + METER_SCOPE,
            utility,
            utility,
            utility));
    out.put(
        "connectedMeters",
        utility == null
            ? sessions.connected()
            : rows.count(
                "select count(*) from ingest_api.meters m "
                    + "where m.serial = any(?) and "
                    + METER_SCOPE,
                sessions.all().stream().map(MeterSession::serial).toArray(String[]::new),
                utility,
                utility,
                utility));
    out.put(
        "silentOverADay",
        rows.count(
            "select count(*) from ingest_api.meters m where "
                + METER_SCOPE
                + " and (m.last_seen is null or m.last_seen < ?)",
            utility,
            utility,
            utility,
            Instant.now().minus(Duration.ofDays(1))));
    out.put("readingsPerSecond", readingsPerSecond());
    out.put(
        "decodeErrors",
        registry.find("urja.ingest.decode.errors").counters().stream()
            .mapToDouble(Counter::count)
            .sum());
    out.put(
        "queueDepthRows",
        registry.find("urja.ingest.queue.rows").gauges().stream()
            .mapToDouble(g -> g.value())
            .sum());
    out.put(
        "pendingCommands",
        rows.count(
            "select count(*) from ledger_api.relay_commands r where status in ('created', 'sent') "
                + scope("r"),
            utility,
            utility,
            utility));
    out.put(
        "failedCommands",
        rows.count(
            "select count(*) from ledger_api.relay_commands r where status in ('failed', 'expired') "
                + "and r.updated_at > ? "
                + scope("r"),
            Instant.now().minus(Duration.ofDays(1)),
            utility,
            utility,
            utility));
    out.put(
        "lowCreditAccounts",
        rows.count(
            "select count(*) from ledger_api.balances b join ledger_api.accounts a using (account_id) "
                + "where a.payment_mode = 'prepaid' and (b.balance_paise <= 0 or b.balance_paise * 10 <= b.last_recharge_paise) "
                + "and (?::text is null or a.utility_id = ?)",
            utility,
            utility));
    out.put(
        "disconnectedMeters",
        rows.count(
            "select count(*) from ledger_api.relay_state s where s.state <> 'connected' "
                + "and (?::text is null or exists (select 1 from ledger_api.account_meters l join ledger_api.accounts a using (account_id) "
                + "where l.meter_serial = s.meter_serial and l.valid_to is null and a.utility_id = ?))",
            utility,
            utility));
    out.put("at", Instant.now());
    return out;
  }

  // a meter belongs to a utility by its own column or by the account it serves (auto-registered
  // meters have none)
  private static final String METER_SCOPE =
      "(?::text is null or m.utility = ? or exists (select 1 from "
          + "ledger_api.account_meters l join ledger_api.accounts a using (account_id) where l.meter_serial = m.serial "
          + "and l.valid_to is null and a.utility_id = ?))";

  private static String scope(String alias) {
    return "and (?::text is null or exists (select 1 from ledger_api.accounts a where a.account_id = "
        + alias
        + ".account_id and a.utility_id = ?) or exists (select 1 from ingest_api.meters m where m.serial = "
        + alias
        + ".meter_serial and m.utility = ?))";
  }

  /**
   * Rows written per second since the previous look (over at least a second), from the writer's
   * counter.
   */
  double readingsPerSecond() {
    double total =
        registry.find("urja.ingest.rows.written").counters().stream()
            .filter(c -> !"duplicate".equals(c.getId().getTag("outcome")))
            .mapToDouble(Counter::count)
            .sum();
    long now = System.nanoTime();
    synchronized (rateLock) {
      if (lastRows < 0) {
        lastRows = total;
        lastNanos = now;
        return 0;
      }
      double seconds = (now - lastNanos) / 1e9;
      if (seconds >= 1) {
        lastRate = (total - lastRows) / seconds;
        lastRows = total;
        lastNanos = now;
      }
      return lastRate;
    }
  }

  private void health(Call call) throws Exception {
    call.send(200, health(call.principal().utilityId()));
  }

  private void notifications(Call call) throws Exception {
    Page page = call.page();
    String utility = call.principal().utilityId();
    String account = call.query("accountId").orElse(null);
    String status = call.query("status").orElse(null);
    call.send(
        200,
        page.of(
            rows.list(
                "select id, account_id, kind, channel, recipient, language, body, status, attempts, "
                    + "last_error, created_at, delivered_at from ledger_api.notifications where (?::text is null or utility_id = ?) "
                    + "and (?::text is null or account_id = ?) and (?::text is null or status = ?) order by id desc"
                    + page.sql(),
                utility,
                utility,
                account,
                account,
                status,
                status)));
  }
}
