package org.urja.ledger.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads the notification outbox in tests. */
public final class Outbox {

  public record Row(
      long id,
      String kind,
      String language,
      String channel,
      String body,
      String status,
      int attempts,
      String lastError) {}

  private Outbox() {}

  public static List<Row> forAccount(DataSource ds, String accountId) {
    List<Row> rows = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select id, kind, language, channel, body, status, attempts, last_error from notification_outbox "
                    + "where account_id = ? order by id")) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Row(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getInt(7),
                  rs.getString(8)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  public static List<String> kinds(DataSource ds, String accountId) {
    return forAccount(ds, accountId).stream().map(Row::kind).toList();
  }
}
