package org.urja.headend.prepaid;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Meters whose prepaid account is close to running out of credit: their next readings decide a
 * disconnection, so the charging feed charges them ahead of its backlog ({@link LaneQueue}) and a
 * listener under backpressure keeps reading their connections (ingest {@code
 * MeterTcpServer.readFirst}). Read lock-free, on event loops.
 *
 * <p>Three things put a meter here: a committed charge that left its account below the threshold
 * ({@link LaneQueue#charged}), any other balance movement that did (a small recharge, an
 * adjustment, a fixed charge: {@code ledger.charging.LowCreditMeters}), and the balances found at
 * start. Only a committed charge that left the account at or above the threshold takes it out, so a
 * meter marked by a movement that then rolled back is read first until its next charge, never the
 * other way round.
 */
public final class UrgentMeters {
  private final Set<String> meters = ConcurrentHashMap.newKeySet();

  public boolean contains(String meter) {
    return meters.contains(meter);
  }

  public void addAll(Collection<String> serials) {
    meters.addAll(serials);
  }

  void add(String meter) {
    meters.add(meter);
  }

  void remove(String meter) {
    meters.remove(meter);
  }

  public int size() {
    return meters.size();
  }
}
