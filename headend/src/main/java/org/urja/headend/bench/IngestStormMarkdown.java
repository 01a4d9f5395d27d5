package org.urja.headend.bench;

import java.util.Locale;

/** A storm's report as the Markdown rows docs/BENCHMARKS.md keeps. */
public final class IngestStormMarkdown {
  private IngestStormMarkdown() {}

  /** The rows of {@code r}. */
  public static String of(IngestStorm.Report r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "| measure | value |%n|---|---|%n"));
    sb.append(
        String.format(
            Locale.ROOT,
            "| meters dialling in together | %,d (%,d known to the head-end before the outage) |%n",
            r.meters(),
            r.known()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| backlog per meter | %d intervals (6–7 readings each, by make), one push every %s |%n",
            r.intervals(),
            r.every()));
    sb.append(
        String.format(
            Locale.ROOT, "| readings expected / stored | %,d / %,d |%n", r.expected(), r.stored()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| every meter identified | %s after the first dial (the fleet's JVM dialled %.1f s after its start) |%n",
            secs(r.identifiedSeconds()),
            r.fleetStartupSeconds()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| every backlog stored | **%s**%s |%n",
            secs(r.storedSeconds()),
            Double.isNaN(r.storedSeconds())
                ? ""
                : String.format(
                    Locale.ROOT,
                    " (%,.0f readings/s on average)",
                    r.expected() / r.storedSeconds())));
    sb.append(
        String.format(
            Locale.ROOT,
            "| charging caught up (feed empty) | %s; lag behind storage %s |%n",
            secs(r.chargedSeconds()),
            secs(r.chargedSeconds() - r.storedSeconds())));
    sb.append(
        String.format(
            Locale.ROOT,
            "| readings charged / feed backlog max | %,.0f / %,d |%n",
            r.charged(),
            r.feedBacklogMax()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| within the window of %s | %s |%n",
            r.window(),
            r.met() ? "yes" : "**no**: " + String.join("; ", r.failures())));
    sb.append(
        String.format(
            Locale.ROOT,
            "| load average at start / end | %s / %s |%n",
            r.loadBefore(),
            r.loadAfter()));
    return sb.toString();
  }

  private static String secs(double s) {
    return Double.isNaN(s)
        ? "not reached (run ends after "
            + IngestStorm.PATIENCE.toMinutes()
            + " min, or "
            + IngestStorm.STALL.toSeconds()
            + " s without progress)"
        : String.format(Locale.ROOT, "%.1f s", s);
  }
}
