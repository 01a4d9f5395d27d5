package org.urja.headend.prepaid;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.reading.Reading;
import org.urja.ledger.charging.ConsumptionCharger;
import org.urja.ledger.charging.RegisterReading;
import org.urja.protocol.cosem.CosemObjects;

/**
 * Carries committed cumulative-energy readings (1.0.1.8.0.255) from the batch writer to the
 * charger, on threads of its own so charging never holds a storage transaction open. Readings are
 * split into lanes by meter, so one meter's readings stay in order on one lane while lanes charge
 * in parallel (the ledger serialises per account in the database, so lanes never conflict).
 *
 * <p>Within a lane, readings wait per meter and a batch takes all of a meter's waiting readings
 * ({@link LaneQueue}): when charging falls behind, each meter's backlog is charged, and journalled,
 * in one go, so the work per reading falls as the backlog grows. Meters whose account the last
 * charge left close to running out of credit go ahead of the backlog, so their balance, and the
 * disconnection decision taken from it, does not wait for ingest's load to be charged first.
 *
 * <p>Each lane's queue is bounded: when charging falls behind, the writer waits here, its queue
 * fills, and the listeners stop reading from meters — backpressure all the way to the fleet.
 * Readings lost to a crash between commit and charge are charged by {@link ChargeCatchUp} or by the
 * next reading's delta.
 */
public final class ChargingFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChargingFeed.class);

  /**
   * Readings per charge call (whole meters, so a batch may hold a little more). An urgent reading
   * that arrives while a batch is being charged waits for that batch, so it is kept to two charging
   * transactions.
   */
  private static final int MAX_BATCH = 1_000;

  /** Wait for a normal reading before looking at the urgent queue again. */
  private static final long IDLE_POLL_MILLIS = 20;

  private final ConsumptionCharger charger;
  private final List<Lane> lanes = new ArrayList<>();
  private final UrgentMeters urgent;
  private final java.util.concurrent.atomic.AtomicLong failures =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean running = true;

  /**
   * @param priorityBelowPaise meters whose account a charge left below this balance are charged
   *     ahead of the backlog ({@link LaneQueue})
   * @param urgent the meters charged ahead of the backlog, which balance movements other than
   *     charges mark too
   */
  public ChargingFeed(
      ConsumptionCharger charger, int laneCount, long priorityBelowPaise, UrgentMeters urgent) {
    this.charger = charger;
    this.urgent = urgent;
    for (int i = 0; i < Math.max(1, laneCount); i++) {
      LaneQueue queue = new LaneQueue(50_000, priorityBelowPaise, urgent);
      Thread t = new Thread(() -> drain(queue), "urja-charging-" + i);
      t.setDaemon(true);
      lanes.add(new Lane(queue, t));
      t.start();
    }
  }

  private record Lane(LaneQueue queue, Thread thread) {}

  /** Batch-writer commit listener. */
  public void committed(List<Reading> readings) {
    for (Reading r : readings) {
      if (r.obis().equals(CosemObjects.ACTIVE_ENERGY_IMPORT.obis()) && "Wh".equals(r.unit())) {
        Lane lane = lanes.get(Math.floorMod(r.meterSerial().hashCode(), lanes.size()));
        try {
          lane.queue().put(new RegisterReading(r.meterSerial(), r.timestamp(), r.value()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Lanes still running: all of them until {@link #close()}. */
  public int lanesAlive() {
    return (int) lanes.stream().filter(l -> l.thread().isAlive()).count();
  }

  public int laneCount() {
    return lanes.size();
  }

  /** Batches whose charging threw since start (their readings are charged by the catch-up). */
  public long failures() {
    return failures.get();
  }

  public int backlog() {
    return lanes.stream().mapToInt(l -> l.queue().backlog()).sum();
  }

  /** Meters with readings waiting: {@link #backlog()} ÷ this is the readings charged per meter. */
  public int backlogMeters() {
    return lanes.stream().mapToInt(l -> l.queue().backlogMeters()).sum();
  }

  /**
   * True for a meter whose account is close to running out of credit ({@code
   * prepaid.charging.priority.below.paise}, {@link UrgentMeters}): its next readings decide a
   * disconnection, so a listener under backpressure keeps reading its connection (ingest {@code
   * MeterTcpServer.readFirst}).
   */
  public boolean urgent(String meter) {
    return urgent.contains(meter);
  }

  /** Readings waiting of meters that go ahead of the backlog. */
  public int urgentBacklog() {
    return lanes.stream().mapToInt(l -> l.queue().urgentBacklog()).sum();
  }

  /** Meters whose readings go ahead of the backlog now. */
  public int urgentMeters() {
    return urgent.size();
  }

  private void drain(LaneQueue queue) {
    while (running || !queue.isEmpty()) {
      List<RegisterReading> batch = List.of();
      try {
        batch = queue.next(MAX_BATCH, IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (!batch.isEmpty()) {
          charger.charge(batch, queue::charged);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Throwable e) {
        // the readings are stored; the catch-up job charges them once the cause is fixed. Any
        // Throwable: a lane that died would leave its meters uncharged while storing went on.
        failures.incrementAndGet();
        log.error("charging {} readings failed; the lane goes on: {}", batch.size(), e.toString());
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Lane lane : lanes) {
      lane.thread().join(10_000);
    }
  }
}
