package org.urja.ledger.journal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
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
      this(balance, balance, lastRecharge, lastRechargeAt, negativeSince);
    }

    private State(
        long before,
        long balance,
        long lastRecharge,
        Instant lastRechargeAt,
        Instant negativeSince) {
      this.before = before;
      this.balance = balance;
      this.lastRecharge = lastRecharge;
      this.lastRechargeAt = lastRechargeAt;
      this.negativeSince = negativeSince;
    }

    State copy() {
      return new State(before, balance, lastRecharge, lastRechargeAt, negativeSince);
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
   *
   * <p>A key already in the journal is rare (a replay after a crash; the charger's positions and
   * the payments' references stop most repeats before they get here), so the entries are inserted
   * first, skipping any key already present, and the keys are looked up only when something was
   * skipped: then the insert is rolled back to a savepoint and redone without those keys, so that
   * every written {@code balance_after_paise} counts only entries that were written.
   */
  public List<PostedEntry> flush() throws SQLException {
    if (pending.isEmpty()) {
      return List.of();
    }
    Set<String> seen = new HashSet<>();
    List<Pending> unique = new ArrayList<>();
    for (Pending p : pending) {
      if (seen.add(p.key())) {
        unique.add(p);
      }
    }
    pending.clear();
    Savepoint beforeInsert = c.setSavepoint();
    Plan plan = plan(unique);
    List<PostedEntry> posted = insertEntries(unique, plan.after());
    if (posted.size() < unique.size()) {
      c.rollback(beforeInsert);
      Set<String> existing = existingKeys(unique);
      List<Pending> fresh = new ArrayList<>();
      for (Pending p : unique) {
        if (!existing.contains(p.key())) {
          fresh.add(p);
        }
      }
      if (fresh.isEmpty()) {
        return List.of();
      }
      plan = plan(fresh);
      posted = insertEntries(fresh, plan.after());
      if (posted.size() < fresh.size()) {
        // every writer of an account's entries holds its balance lock, so this cannot race
        throw new IllegalStateException("journal keys appeared while their balances were locked");
      }
      unique = fresh;
    } else {
      c.releaseSavepoint(beforeInsert);
    }
    states.putAll(plan.states());
    updateBalances(plan.counts());
    changed.addAll(plan.counts().keySet());
    for (Pending p : unique) {
      kinds.computeIfAbsent(p.accountId(), a -> EnumSet.noneOf(EntryKind.class)).add(p.kind());
      lastAt.merge(p.accountId(), p.occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
    }
    return posted;
  }

  /**
   * The balances after each of these entries, and the accounts' states after all of them, computed
   * on copies: nothing is applied until the entries are written.
   */
  private record Plan(long[] after, Map<String, State> states, Map<String, Integer> counts) {}

  private Plan plan(List<Pending> entries) {
    Map<String, State> working = new HashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    long[] after = new long[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      Pending p = entries.get(i);
      State s = working.computeIfAbsent(p.accountId(), a -> states.get(a).copy());
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
    return new Plan(after, working, counts);
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

  private Set<String> existingKeys(List<Pending> entries) throws SQLException {
    Set<String> keys = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select idempotency_key from ledger_entries where idempotency_key = any(?)")) {
      ps.setArray(1, c.createArrayOf("text", entries.stream().map(Pending::key).toArray()));
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
                + "on conflict (idempotency_key) do nothing returning id, idempotency_key")) {
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
        Long id = ids.get(p.key());
        if (id == null) {
          continue; // skipped: its key is already in the journal
        }
        posted.add(
            new PostedEntry(
                id, p.accountId(), p.kind(), p.amountPaise(), after[i], p.key(), p.occurredAt()));
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
