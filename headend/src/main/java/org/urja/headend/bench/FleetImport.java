package org.urja.headend.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.urja.headend.demo.FleetLauncher;
import org.urja.headend.demo.FleetOptions;
import org.urja.ingest.store.MeterDirectory;
import org.urja.protocol.model.MeterModelCatalog;

/**
 * The simulated fleet imported before it first pushes, as an operator imports a delivery of meters
 * with their makes: every serial registered with the model that simulates it. A head-end that
 * serves a fleet has known its meters for years; a bench on a new database otherwise met half of
 * them (the second make) as strangers and had to ask each one its layout at first contact, which
 * under full load left ~4,000 of 10,000 meters unidentified through the warm-up ({@code
 * layout_backlog}), so the run did not offer its nominal load.
 */
final class FleetImport {
  private FleetImport() {}

  /**
   * Serial → model name of the TCP fleet {@code urja simulate --meters n --mqtt-meters 0} starts:
   * the same split between makes, from the same code.
   */
  static Map<String, String> models(int meters) {
    FleetOptions o = new FleetOptions();
    o.tcpMeters = meters;
    o.mqttMeters = 0;
    Map<String, String> out = new LinkedHashMap<>();
    FleetLauncher.tcpMakes(o, FleetLauncher.makes(o, MeterModelCatalog.bundled()))
        .forEach(
            (cfg, model) -> {
              for (String serial : cfg.serials()) {
                out.put(serial, model.name());
              }
            });
    return out;
  }

  /** Registers every meter with its model, on a few threads (setup, not measured). */
  static void register(MeterDirectory directory, String utility, Map<String, String> models)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>(models.size());
      models.forEach(
          (serial, model) ->
              done.add(pool.submit(() -> directory.register(serial, utility, model))));
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** The model names in the import, for the report (the catalog's names, not the default alias). */
  static List<String> makes(Map<String, String> models) {
    return models.values().stream().distinct().toList();
  }
}
