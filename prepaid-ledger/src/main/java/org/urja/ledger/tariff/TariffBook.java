package org.urja.ledger.tariff;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.urja.ledger.db.Json;
import org.urja.ledger.db.Transactions;

/**
 * Stores tariff versions (from a JSON file or programmatically) and hands out a snapshot for
 * charging.
 */
public final class TariffBook {

  private final Transactions tx;

  public TariffBook(Transactions tx) {
    this.tx = tx;
  }

  /** Stores a version; storing the same utility/code/effective date again replaces it. */
  public void save(Tariff tariff) {
    tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into ledger_tariffs (utility_id, tariff_code, effective_from, definition) values (?, ?, ?, ?::jsonb) "
                      + "on conflict (utility_id, tariff_code, effective_from) do update set definition = excluded.definition, "
                      + "loaded_at = now()")) {
            ps.setString(1, tariff.utilityId());
            ps.setString(2, tariff.code());
            ps.setDate(3, Date.valueOf(tariff.effectiveFrom()));
            ps.setString(4, Json.write(tariff));
            ps.executeUpdate();
          }
          return null;
        });
  }

  /** Loads a JSON array of tariffs (the {@link Tariff} record's fields) and stores each. */
  public List<Tariff> load(InputStream json) {
    try {
      List<Tariff> tariffs = Json.MAPPER.readValue(json, new TypeReference<List<Tariff>>() {});
      tariffs.forEach(this::save);
      return tariffs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TariffCatalog catalog() {
    return tx.inTransaction(TariffBook::catalog);
  }

  public static TariffCatalog catalog(Connection c) throws SQLException {
    List<Tariff> all = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("select definition::text from ledger_tariffs");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        all.add(Json.read(rs.getString(1), Tariff.class));
      }
    }
    return new TariffCatalog(all);
  }
}
