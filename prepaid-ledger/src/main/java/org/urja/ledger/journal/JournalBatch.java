package org.urja.ledger.journal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.urja.ledger.db.Json;

/**
 * Appends journal entries and moves the balance projection in the caller's transaction.
 *
 * <p>{@link #lock} takes {@code SELECT ... FOR UPDATE} on the accounts' balance rows in account-id
 * order, so writers on any head-end node serialise per account and never deadlock on each other.
 * Entries whose idempotency key is already in the journal are dropped at {@link #flush}; because
 * every writer holds the balance lock, that check cannot race. The entries and the balances are
 * written with one {@code unnest} statement each, whatever the batch size.
 */
public final class JournalBatch {

  /** An entry queued by {@link #add}, with its details already written as JSON. */
  private record Pending(JournalEntry entry, String detailsJson) {
    String accountId() {
      return entry.account().value();
    }

    EntryKind kind() {
      return entry.kind();
    }

    long amountPaise() {
      return entry.amount().paise();
    }

    String key() {
      return entry.idempotencyKey();
    }

    Instant occurredAt() {
      return entry.occurredAt();
    }

    String meterSerial() {
      return entry.meter() == null ? null : entry.meter().value();
    }

    String reference() {
      return entry.reference();
    }
  }

  private static final class State {
    long balance;
    long lastRecharge;
    Instant lastRechargeAt;
    Instant negativeSince;
    final long before;

    State(long balance, long lastRecharge, Instant lastRechargeAt, Instant negativeSince) {
      this.balance = balance;
      this.before = balance;
      this.lastRecharge = lastRecharge;
      this.lastRechargeAt = lastRechargeAt;
      this.negativeSince = negativeSince;
    }
  }

  private final Connection c;
  private final Map<String, State> states;
  private final List<Pending> pending = new ArrayList<>();
  private final Set<String> changed = new TreeSet<>();
  private final Map<String, EnumSet<EntryKind>> kinds = new HashMap<>();
  private final Map<String, Instant> lastAt = new HashMap<>();

  private JournalBatch(Connection c, Map<String, State> states) {
    this.c = c;
    this.states = states;
  }

  /** Locks the balance rows of these accounts until the transaction ends. */
  public static JournalBatch lock(Connection c, Collection<String> accountIds) throws SQLException {
    TreeSet<String> sorted = new TreeSet<>(accountIds);
    Map<String, State> states = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select account_id, balance_paise, last_recharge_paise, last_recharge_at, negative_since from balances "
                + "where account_id = any(?) order by account_id for update")) {
      ps.setArray(1, c.createArrayOf("text", sorted.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          states.put(
              rs.getString(1),
              new State(
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                  rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()));
        }
      }
    }
    if (states.size() != sorted.size()) {
      sorted.removeAll(states.keySet());
      throw new IllegalArgumentException("no balance for accounts " + sorted);
    }
    return new JournalBatch(c, states);
  }

  /** The balance as locked, before anything added in this batch. */
  public long balanceBefore(String accountId) {
    return state(accountId).before;
  }

  /**
   * Queues an entry (its account must be locked by this batch); it is written at {@link #flush}.
   */
  public void add(JournalEntry entry) {
    state(entry.account().value());
    pending.add(new Pending(entry, entry.details() == null ? null : Json.write(entry.details())));
  }

  /**
   * Writes the new entries and balances; returns the entries actually written (duplicates dropped).
   */
  public List<PostedEntry> flush() throws SQLException {
    if (pending.isEmpty()) {
      return List.of();
    }
    Set<String> existing = existingKeys();
    Set<String> seen = new HashSet<>();
    List<Pending> fresh = new ArrayList<>();
    for (Pending p : pending) {
      if (!existing.contains(p.key()) && seen.add(p.key())) {
        fresh.add(p);
      }
    }
    pending.clear();
    if (fresh.isEmpty()) {
      return List.of();
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    long[] after = new long[fresh.size()];
    for (int i = 0; i < fresh.size(); i++) {
      Pending p = fresh.get(i);
      State s = states.get(p.accountId());
      long previous = s.balance;
      s.balance = Math.addExact(s.balance, p.amountPaise());
      if (p.kind() == EntryKind.RECHARGE) {
        s.lastRecharge = p.amountPaise();
        s.lastRechargeAt = p.occurredAt();
      }
      if (s.balance < 0 && (previous >= 0 || s.negativeSince == null)) {
        s.negativeSince = p.occurredAt();
      } else if (s.balance >= 0) {
        s.negativeSince = null;
      }
      after[i] = s.balance;
      counts.merge(p.accountId(), 1, Integer::sum);
    }
    List<PostedEntry> posted = insertEntries(fresh, after);
    updateBalances(counts);
    changed.addAll(counts.keySet());
    for (Pending p : fresh) {
      kinds.computeIfAbsent(p.accountId(), a -> EnumSet.noneOf(EntryKind.class)).add(p.kind());
      lastAt.merge(p.accountId(), p.occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
    }
    return posted;
  }

  /** The accounts whose balance moved in this batch, with before and after. */
  public List<BalanceChange> changes() {
    List<BalanceChange> out = new ArrayList<>();
    for (String a : changed) {
      State s = states.get(a);
      out.add(
          new BalanceChange(
              a,
              s.before,
              s.balance,
              s.lastRecharge,
              s.negativeSince,
              Set.copyOf(kinds.get(a)),
              lastAt.get(a)));
    }
    return out;
  }

  private State state(String accountId) {
    State s = states.get(accountId);
    if (s == null) {
      throw new IllegalStateException("balance of " + accountId + " is not locked by this batch");
    }
    return s;
  }

  private Set<String> existingKeys() throws SQLException {
    Set<String> keys = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select idempotency_key from ledger_entries where idempotency_key = any(?)")) {
      ps.setArray(1, c.createArrayOf("text", pending.stream().map(Pending::key).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(rs.getString(1));
        }
      }
    }
    return keys;
  }

  private List<PostedEntry> insertEntries(List<Pending> fresh, long[] after) throws SQLException {
    int n = fresh.size();
    Object[] accounts = new Object[n];
    Object[] kindValues = new Object[n];
    Long[] amounts = new Long[n];
    Long[] balances = new Long[n];
    Object[] keys = new Object[n];
    Object[] meters = new Object[n];
    Object[] references = new Object[n];
    Object[] details = new Object[n];
    Object[] times = new Object[n];
    for (int i = 0; i < n; i++) {
      Pending p = fresh.get(i);
      accounts[i] = p.accountId();
      kindValues[i] = p.kind().dbValue();
      amounts[i] = p.amountPaise();
      balances[i] = after[i];
      keys[i] = p.key();
      meters[i] = p.meterSerial();
      references[i] = p.reference();
      details[i] = p.detailsJson();
      times[i] = p.occurredAt().toString();
    }
    List<PostedEntry> posted = new ArrayList<>(n);
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into ledger_entries (account_id, kind, amount_paise, balance_after_paise, idempotency_key, "
                + "meter_serial, reference, details, occurred_at) "
                + "select a, k, amt, bal, key, m, r, d::jsonb, t::timestamptz from unnest(?::text[], ?::text[], "
                + "?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) "
                + "with ordinality as u(a, k, amt, bal, key, m, r, d, t, ord) order by ord "
                + "returning id, idempotency_key")) {
      ps.setArray(1, c.createArrayOf("text", accounts));
      ps.setArray(2, c.createArrayOf("text", kindValues));
      ps.setArray(3, c.createArrayOf("bigint", amounts));
      ps.setArray(4, c.createArrayOf("bigint", balances));
      ps.setArray(5, c.createArrayOf("text", keys));
      ps.setArray(6, c.createArrayOf("text", meters));
      ps.setArray(7, c.createArrayOf("text", references));
      ps.setArray(8, c.createArrayOf("text", details));
      ps.setArray(9, c.createArrayOf("text", times));
      Map<String, Long> ids = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.put(rs.getString(2), rs.getLong(1));
        }
      }
      for (int i = 0; i < n; i++) {
        Pending p = fresh.get(i);
        posted.add(
            new PostedEntry(
                ids.get(p.key()),
                p.accountId(),
                p.kind(),
                p.amountPaise(),
                after[i],
                p.key(),
                p.occurredAt()));
      }
    }
    return posted;
  }

  private void updateBalances(Map<String, Integer> counts) throws SQLException {
    int n = counts.size();
    Object[] accounts = counts.keySet().toArray();
    Long[] balance = new Long[n];
    Long[] lastRecharge = new Long[n];
    Object[] lastRechargeAt = new Object[n];
    Object[] negativeSince = new Object[n];
    Long[] entries = new Long[n];
    for (int i = 0; i < n; i++) {
      State s = states.get((String) accounts[i]);
      balance[i] = s.balance;
      lastRecharge[i] = s.lastRecharge;
      lastRechargeAt[i] = s.lastRechargeAt == null ? null : s.lastRechargeAt.toString();
      negativeSince[i] = s.negativeSince == null ? null : s.negativeSince.toString();
      entries[i] = (long) counts.get((String) accounts[i]);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "update balances b set balance_paise = u.bal, last_recharge_paise = u.lr, "
                + "last_recharge_at = u.lra::timestamptz, negative_since = u.ns::timestamptz, "
                + "entry_count = b.entry_count + u.n, updated_at = now() "
                + "from unnest(?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::bigint[]) "
                + "as u(a, bal, lr, lra, ns, n) where b.account_id = u.a")) {
      Array a = c.createArrayOf("text", accounts);
      ps.setArray(1, a);
      ps.setArray(2, c.createArrayOf("bigint", balance));
      ps.setArray(3, c.createArrayOf("bigint", lastRecharge));
      ps.setArray(4, c.createArrayOf("text", lastRechargeAt));
      ps.setArray(5, c.createArrayOf("text", negativeSince));
      ps.setArray(6, c.createArrayOf("bigint", entries));
      ps.executeUpdate();
    }
  }
}
