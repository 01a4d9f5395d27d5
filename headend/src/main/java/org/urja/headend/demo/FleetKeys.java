package org.urja.headend.demo;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Collection;
import org.urja.ingest.keys.MeterKeyFile;
import org.urja.ingest.keys.MeterKeyStore;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.security.KeyFileExport;

/**
 * Hands a simulated fleet's keys to the head-end the way an operator hands over a batch's key file:
 * the simulator exports the file ({@link KeyFileExport}), and it goes through the same parse and
 * import as {@code POST /api/meter-keys/import} — all rows or none, idempotent.
 */
public final class FleetKeys {
  private FleetKeys() {}

  /**
   * Imports the key file of every meter of {@code fleets} before they connect.
   *
   * @param utility the importing utility (null: installation-wide)
   * @return meters whose keys the head-end holds from these files (new, or imported before)
   */
  public static int importFleets(
      MeterKeyStore store, Collection<FleetConfig> fleets, String utility, String by)
      throws SQLException {
    int held = 0;
    for (FleetConfig f : fleets) {
      if (f.meters() > 0) {
        held += importFile(store, KeyFileExport.csv(f.seed(), f.serials()), utility, by);
      }
    }
    return held;
  }

  /**
   * Imports one key file as the API does; a file the head-end refuses is an error, its problems
   * named (never a secret). Returns the meters it names: new and unchanged.
   */
  public static int importFile(MeterKeyStore store, String csv, String utility, String by)
      throws SQLException {
    MeterKeyFile.Parsed parsed = MeterKeyFile.parse(csv.getBytes(StandardCharsets.US_ASCII));
    if (!parsed.good()) {
      throw new IllegalStateException("the key file does not parse: " + parsed.problems());
    }
    MeterKeyStore.ImportOutcome outcome = store.importRows(parsed.rows(), utility, by);
    if (!outcome.stored()) {
      throw new IllegalStateException("the key file was refused: " + outcome.problems());
    }
    return outcome.created() + outcome.unchanged();
  }
}
