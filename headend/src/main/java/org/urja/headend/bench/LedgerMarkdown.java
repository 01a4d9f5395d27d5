package org.urja.headend.bench;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** {@code bench ledger}'s report as the Markdown rows docs/BENCHMARKS.md keeps. */
public final class LedgerMarkdown {
  private LedgerMarkdown() {}

  public static String of(LedgerBenchmark.Report r) {
    StringBuilder sb = new StringBuilder();
    row(sb, "measure", "value");
    sb.append(String.format("|---|---|%n"));
    row(
        sb,
        "ingest load",
        f(
            "%,d meters (simulator JVM), one push every %s: %,.0f energy readings/s offered%s",
            r.meters(),
            r.interval(),
            r.offeredEnergyPerSecond(),
            r.atCeiling()
                ? " (`--ceiling`: more than ingest commits, so ingest runs at its ceiling)"
                : ""));
    row(
        sb,
        "meters identified when measuring starts",
        f(
            "%,d of %,d (imported with their makes, then each pushed once before the measured fleet started: %,.0f layouts learned)",
            r.identified(), r.meters(), r.layoutsLearned()));
    row(
        sb,
        "energy readings committed (live)",
        f(
            "%,.0f /s over %.0f s (%.0f %% of offered)",
            r.energyReadingsPerSecond(),
            r.liveSeconds(),
            100 * r.energyReadingsPerSecond() / r.offeredEnergyPerSecond()));
    row(
        sb,
        "of those charged by the live feed",
        f(
            "%,.0f deductions/s, %,.0f readings/s every outcome (feed backlog max %,d)",
            r.liveChargedPerSecond(), r.liveProcessedPerSecond(), r.feedBacklogMax()));
    row(sb, "charging ÷ energy readings committed (keep pace)", f("**%.2f**", r.keepPace()));
    ChargingThroughput.Result a = r.ceilingAlone();
    row(
        sb,
        f(
            "charging ceiling alone (synthetic, no ingest, %,d accounts × %d readings, %d of a"
                + " meter's together, batches of about 5,000)",
            a.accounts(), a.readings() / Math.max(1, a.accounts()), a.readingsPerMeter()),
        f(
            "**%,.0f readings/s**, %,.0f journal entries/s",
            a.readingsPerSecond(), a.entriesPerSecond()));
    row(
        sb,
        "cost per reading, charger alone (first thing after start: the JIT still compiling)",
        cost(a)
            + f(
                ", PostgreSQL %,.0f µs CPU, %,.0f bytes of WAL",
                a.postgresMicrosPerReading(), a.walBytesPerReading()));
    ChargingThroughput.Result c = r.ceiling();
    row(
        sb,
        "charging ceiling under the ingest load (same accounts, later readings)",
        f(
            "**%,.0f readings/s**, %,.0f journal entries/s",
            c.readingsPerSecond(), c.entriesPerSecond()));
    row(
        sb,
        "head-end cost per reading under the load (JIT warm; the fleet's ingest threads in \"other\")",
        cost(c));
    row(
        sb,
        "relay policy job / dispatcher poll every",
        f("%s / %s", r.policyEvery(), r.relayPollEvery()));
    RelayLatency.Result relay = r.relay();
    row(
        sb,
        f("relay rounds (%d probe meters each)", r.probeMeters()),
        IntStream.range(0, relay.rounds().size())
            .mapToObj(i -> (i + 1) + ": " + relay.rounds().get(i))
            .collect(Collectors.joining("; ")));
    row(sb, "balance below zero → relay open", relay.disconnect().toString());
    row(
        sb,
        "reading received → its deduction below zero charged (store and charging lag of the probes)",
        relay.chargeLag().toString());
    row(sb, "recharge posted → relay closed", "**" + relay.reconnect() + "**");
    row(
        sb,
        "relay commands: attempts that failed / DLMS time-outs (\"no response within\")",
        f(
            "%d / **%d** (of %d commands)",
            relay.commands().failedAttempts(),
            relay.commands().timedOut(),
            relay.commands().commands()));
    row(sb, "relay switches not seen within 2 min", f("**%d**", relay.notSeen()));
    row(sb, "load average (1 min) at start / end", f("%s / %s", r.loadBefore(), r.loadAfter()));
    return sb.toString();
  }

  /** Head-end CPU per reading, and on which threads. */
  private static String cost(ChargingThroughput.Result t) {
    return f(
        "head-end %,.0f µs CPU (charging thread %,.0f, JIT compiler %,.0f, GC %,.0f, other %,.0f)",
        t.headEndMicrosPerReading(),
        t.headEndMicrosPerReading("main"),
        t.headEndMicrosPerReading("jit"),
        t.headEndMicrosPerReading("gc"),
        t.headEndMicrosPerReading("other"));
  }

  private static void row(StringBuilder sb, String measure, String value) {
    sb.append("| ").append(measure).append(" | ").append(value).append(" |\n");
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
