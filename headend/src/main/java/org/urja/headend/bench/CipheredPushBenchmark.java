package org.urja.headend.bench;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.urja.headend.app.HeadEnd;
import org.urja.ingest.keys.CachedSenders;
import org.urja.ingest.keys.KeyFileRow;
import org.urja.ingest.keys.MeterKeyStore;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.security.CipheredPushes;
import org.urja.protocol.security.MeterSecrets;

/**
 * How fast one node opens ciphered pushes (tag verified, frame counter recorded in the database),
 * by sender lookup and by opener threads: the sender looked up in the database on every push (as
 * before {@link CachedSenders}) against the cached lookup. Each thread owns a share of the meters
 * and opens their pushes in counter order, as a connection's frames are opened.
 */
public final class CipheredPushBenchmark {
  private static final DataNotification PUSH =
      new DataNotification(
          1,
          Optional.empty(),
          DlmsData.structure(DlmsData.u32(123456), DlmsData.u32(789), DlmsData.bool(true)));
  private final HeadEnd hes;
  private final SecureRandom random = new SecureRandom();

  public CipheredPushBenchmark(HeadEnd hes) {
    this.hes = hes;
  }

  /** One measured configuration. */
  public record Row(String lookup, int threads, long pushes, double seconds) {
    double perSecond() {
      return pushes / seconds;
    }
  }

  /**
   * Opens {@code pushesPerMeter} pushes of each of {@code meters} meters, for each lookup and
   * thread count.
   */
  public List<Row> run(int meters, int pushesPerMeter, List<Integer> threadCounts)
      throws Exception {
    MeterKeyStore keys = hes.meterKeys();
    List<KeyFileRow> rows = new ArrayList<>();
    List<byte[]> titles = new ArrayList<>();
    for (int i = 0; i < meters; i++) {
      byte[] title = HexFormat.of().parseHex(String.format("42454E43%08X", i));
      titles.add(title);
      rows.add(
          new KeyFileRow(
              i + 2,
              "BENCH-C" + i,
              new MeterSecrets(
                  Optional.empty(), Optional.empty(), Optional.of(bytes()), Optional.of(bytes())),
              Optional.of(HexFormat.of().formatHex(title).toUpperCase())));
    }
    if (!keys.importRows(rows, null, "bench").stored()) {
      throw new IllegalStateException(
          "the benchmark's keys could not be imported (run it on an empty database)");
    }
    List<Row> out = new ArrayList<>();
    long counter = 0;
    for (int threads : threadCounts) {
      for (String lookup : List.of("database per push", "cached")) {
        CipheredPushes.SenderLookup senders =
            lookup.equals("cached") ? new CachedSenders(keys) : keys.systemTitles().senders(keys);
        CipheredPushes opener = new CipheredPushes(senders, hes.frameCounterGuard());
        // counters go on rising from one configuration to the next: every push is new
        List<List<byte[]>> sealed = seal(rows, titles, counter, pushesPerMeter, threads);
        counter += pushesPerMeter;
        out.add(time(lookup, threads, opener, sealed));
      }
    }
    return out;
  }

  private List<List<byte[]>> seal(
      List<KeyFileRow> rows, List<byte[]> titles, long from, int pushesPerMeter, int threads) {
    List<List<byte[]>> perThread = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      perThread.add(new ArrayList<>());
    }
    for (long c = from + 1; c <= from + pushesPerMeter; c++) {
      for (int m = 0; m < rows.size(); m++) {
        perThread
            .get(m % threads)
            .add(CipheredPushes.seal(PUSH, titles.get(m), c, rows.get(m).secrets()));
      }
    }
    return perThread;
  }

  private static Row time(
      String lookup, int threads, CipheredPushes opener, List<List<byte[]>> sealed)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong opened = new AtomicLong();
    try {
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (List<byte[]> mine : sealed) {
        done.add(
            pool.submit(
                () ->
                    mine.forEach(
                        apdu -> {
                          opener.open(apdu);
                          opened.incrementAndGet();
                        })));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return new Row(lookup, threads, opened.get(), (System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private byte[] bytes() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return b;
  }

  public static String markdown(List<Row> rows) {
    StringBuilder s =
        new StringBuilder(
            "| sender lookup | opener threads | pushes | seconds | pushes/s |\n|---|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      s.append(
          String.format(
              "| %s | %d | %,d | %.1f | %,.0f |%n",
              r.lookup(), r.threads(), r.pushes(), r.seconds(), r.perSecond()));
    }
    return s.toString();
  }
}
