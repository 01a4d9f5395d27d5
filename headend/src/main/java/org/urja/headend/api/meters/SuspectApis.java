package org.urja.headend.api.meters;

import java.util.List;
import java.util.function.Consumer;
import org.urja.headend.api.Router;
import org.urja.headend.api.auth.Access;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.store.SuspectEvents;
import org.urja.ingest.store.SuspectReadings;

/**
 * The operator's routes for what the writer held back: readings (from the future, from before the
 * meter's installation, a cumulative register going backwards: never charged while held) at {@code
 * /api/suspect-readings}, and events (dated in the future or before installation: never acted on
 * while held) at {@code /api/suspect-events}.
 */
public final class SuspectApis {
  private SuspectApis() {}

  /**
   * @param charging where a released reading goes once stored (the ledger's charging feed)
   * @param eventsStored where a released event goes once stored (what acts on new events, e.g. a
   *     payment-mode switch)
   */
  public static void register(
      Router router,
      Access access,
      SuspectReadings readings,
      Consumer<List<Reading>> charging,
      SuspectEvents events,
      Consumer<List<MeterEvent>> eventsStored) {
    new HeldForOperatorApi<>(
            new HeldForOperatorApi.Kind<SuspectReadings.Held>(
                "reading",
                "store a held reading and charge it like any new reading",
                "obis, ts:date-time, value:number, unit",
                (h, m) -> {
                  m.put("obis", h.obis());
                  m.put("ts", h.ts());
                  m.put("value", h.value());
                  m.put("unit", h.unit());
                }),
            readings,
            access,
            charging)
        .register(router);
    new HeldForOperatorApi<>(
            new HeldForOperatorApi.Kind<SuspectEvents.Held>(
                "event",
                "store a held event and act on it like any new event",
                "code:integer, ts:date-time, source",
                (h, m) -> {
                  m.put("code", h.code());
                  m.put("ts", h.ts());
                  m.put("source", h.source());
                }),
            events,
            access,
            eventsStored)
        .register(router);
  }
}
