package org.urja.headend.bench.drills;

import java.util.List;
import java.util.Locale;

/** Drill results as the Markdown table docs/RELIABILITY.md keeps. */
public final class ResultsTable {
  private ResultsTable() {}

  public static String markdown(List<DrillResult> results) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| drill | fault | readings acknowledged | readings stored | acknowledged, not stored "
            + "| TCP energy intervals captured / stored / of those back-filled / lost "
            + "| TCP pushes whose instantaneous values are gone (no meter keeps them) "
            + "| MQTT msgs PUBACKed / stored | balance = Σ journal | charge keys twice | meters charged behind "
            + "| payments acknowledged / journalled once | recovery | verdict |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (DrillResult r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %,d | **%,d** | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              r.scenario(),
              r.fault(),
              r.readingsExpected(),
              r.readingsStored(),
              r.readingsMissing(),
              r.energy()
                  .map(
                      e ->
                          String.format(
                              Locale.ROOT,
                              "%,d / %,d / %,d / **%,d**%s",
                              e.captured(),
                              e.stored(),
                              e.backfilled(),
                              e.lost(),
                              e.backfilledCharged() == 0
                                  ? ""
                                  : " (**" + e.backfilledCharged() + " back-filled charged**)"))
                  .orElse("–"),
              r.energy().isPresent()
                  ? String.format(Locale.ROOT, "%,d", r.tcpPushesUnrecoverable())
                  : "–",
              r.mqttAcked() == 0 && r.mqttStored() == 0
                  ? "–"
                  : String.format(Locale.ROOT, "%,d / %,d", r.mqttAcked(), r.mqttStored()),
              r.ledger()
                  .map(
                      l ->
                          l.accountsOffJournal() == 0
                              ? "yes (" + l.accounts() + " accounts)"
                              : "**no: " + l.accountsOffJournal() + " accounts off**")
                  .orElse("–"),
              r.ledger().map(l -> String.valueOf(l.duplicateChargeKeys())).orElse("–"),
              r.ledger().map(l -> String.valueOf(l.metersChargedBehind())).orElse("–"),
              r.payments()
                  .map(
                      p ->
                          String.format(
                              Locale.ROOT, "%,d / %,d", p.acknowledged(), p.journalledOnce()))
                  .orElse("–"),
              r.recoverySeconds().isPresent()
                  ? String.format(Locale.ROOT, "%.0f s", r.recoverySeconds().getAsDouble())
                  : "not within the run",
              r.passed() ? "nothing lost" : "**LOSS**"));
    }
    for (DrillResult r : results) {
      if (!r.notes().isBlank()) {
        sb.append(String.format(Locale.ROOT, "%n- %s: %s", r.scenario(), r.notes()));
      }
    }
    return sb.append('\n').toString();
  }
}
