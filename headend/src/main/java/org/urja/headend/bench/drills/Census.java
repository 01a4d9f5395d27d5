package org.urja.headend.bench.drills;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;

/**
 * What the database holds after a drill, counted the way the guarantees are stated: readings by
 * their key (meter, obis, ts), pushes by (meter, ts), the ledger's balance against its journal per
 * account, idempotency keys, and each acknowledged payment's journal entries.
 */
final class Census {
  /** Readings and the pushes they came in (a push's readings share the meter and ts). */
  record Stored(long readings, long pushes) {}

  /** The ledger's invariant, counted. */
  record Ledger(
      long accounts, long accountsOffJournal, long duplicateChargeKeys, long metersChargedBehind) {
    boolean holds() {
      return accountsOffJournal == 0 && duplicateChargeKeys == 0;
    }
  }

  /** Acknowledged payments and how many of them the journal has exactly once. */
  record Payments(long acknowledged, long journalledOnce, long missing) {}

  private final String url;

  Census(String url) {
    this.url = url;
  }

  Stored readings(String serialPrefix) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "select count(*), count(distinct (r.meter_id, r.ts)) from ingest_api.readings r "
                    + "join ingest_api.meters m on m.id = r.meter_id where m.serial like ?")) {
      s.setString(1, serialPrefix + "%");
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new Stored(rs.getLong(1), rs.getLong(2));
      }
    }
  }

  /**
   * Balance = Σ journal for every account; every charge idempotency key once; and, informative,
   * meters whose charge position is behind their newest stored energy reading (readings the live
   * feed lost and the catch-up job has not charged yet).
   */
  Ledger ledger() throws SQLException {
    try (Connection c = connect()) {
      long accounts = count(c, "select count(*) from ledger_api.balances");
      long off =
          count(
              c,
              "select count(*) from ledger_api.balances b left join (select account_id, sum(amount_paise) s "
                  + "from ledger_api.journal group by account_id) j on j.account_id = b.account_id "
                  + "where b.balance_paise <> coalesce(j.s, 0)");
      long dup =
          count(
              c,
              "select count(*) from (select idempotency_key from ledger_api.journal "
                  + "where idempotency_key like 'charge:%' group by idempotency_key having count(*) > 1) d");
      long behind =
          count(
              c,
              "select count(*) from ledger_api.account_meters am join ingest_api.meters m on m.serial = am.meter_serial "
                  + "left join ledger_api.meter_charge_state cs on cs.meter_serial = am.meter_serial "
                  + "where am.valid_to is null and exists (select 1 from ingest_api.readings r where r.meter_id = m.id "
                  + "and r.obis = '1.0.1.8.0.255' and (cs.last_ts is null or r.ts > cs.last_ts))");
      return new Ledger(accounts, off, dup, behind);
    }
  }

  /**
   * Energy intervals of the meters with {@code serialPrefix}, by (meter, ts) of the active energy
   * register: stored; of those, back-filled (no push arrived for them: the push-only power reading,
   * 1.0.1.7.0.255, which no block load holds, is missing at that time); and charge keys held for a
   * back-filled interval (its energy was charged in the delta of the meter's next push, so none is
   * expected).
   */
  DrillResult.Intervals energyIntervals(String serialPrefix, long captured) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "with energy as (select m.serial, r.meter_id, r.ts from ingest_api.readings r "
                    + "join ingest_api.meters m on m.id = r.meter_id where m.serial like ? and r.obis = '1.0.1.8.0.255'), "
                    + "backfilled as (select e.* from energy e where not exists (select 1 from ingest_api.readings p "
                    + "where p.meter_id = e.meter_id and p.ts = e.ts and p.obis = '1.0.1.7.0.255')) "
                    + "select (select count(distinct (meter_id, ts)) from energy), (select count(*) from backfilled), "
                    + "(select count(*) from backfilled b join ledger_api.journal j on j.idempotency_key = "
                    + "'charge:' || b.serial || ':' || to_char(b.ts at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))")) {
      s.setString(1, serialPrefix + "%");
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new DrillResult.Intervals(captured, rs.getLong(1), rs.getLong(2), rs.getLong(3));
      }
    }
  }

  Payments payments(Collection<String> acknowledgedReferences) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "select count(*) from (select e.reference from ledger_api.journal e "
                    + "join ledger_api.payments p on p.gateway_reference = e.reference where e.kind = 'recharge' "
                    + "and e.reference = any (?) group by e.reference having count(*) = 1) once")) {
      Array refs = c.createArrayOf("text", acknowledgedReferences.toArray());
      s.setArray(1, refs);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long once = rs.getLong(1);
        long journalled =
            count(
                c,
                "select count(distinct reference) from ledger_api.journal where kind = 'recharge' "
                    + "and reference like 'DRILL-%'");
        return new Payments(
            acknowledgedReferences.size(),
            once,
            Math.max(0, acknowledgedReferences.size() - journalled));
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, LocalPostgres.USER, "");
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
