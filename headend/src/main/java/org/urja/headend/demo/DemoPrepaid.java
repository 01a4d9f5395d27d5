package org.urja.headend.demo;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import javax.sql.DataSource;
import org.urja.headend.prepaid.PrepaidEngine;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;
import org.urja.ledger.tariff.TimeOfDayBand;

/**
 * Consumers for the demo's simulated meters: one account per meter, most prepaid, some postpaid;
 * every twentieth prepaid consumer starts with little credit so that alerts, a disconnection by
 * DLMS ACTION and — after the demo's own recharge — a reconnection happen while you watch.
 *
 * <p>The demo utility's rules are shortened (no grace, no friendly hours, no notice period) so the
 * story fits in minutes; a real utility keeps the defaults of {@link UtilitySettings}.
 */
final class DemoPrepaid {
  static final String UTILITY = "DEMO";
  private final PrepaidEngine prepaid;
  private final DataSource dataSource;

  DemoPrepaid(PrepaidEngine prepaid, DataSource dataSource) {
    this.prepaid = prepaid;
    this.dataSource = dataSource;
  }

  void open(List<String> serials) {
    prepaid
        .utilities()
        .register(
            UTILITY, "Demo Discom", UtilitySettings.disconnectingAtOnce().withDaysLeftAlert(3));
    prepaid
        .tariffs()
        .save(
            new Tariff(
                UTILITY,
                "LMV-1",
                LocalDate.parse("2024-04-01"),
                List.of(
                    new Slab(new BigDecimal("100"), new BigDecimal("335")),
                    new Slab(new BigDecimal("150"), new BigDecimal("385")),
                    new Slab(null, new BigDecimal("500"))),
                new BigDecimal("110"),
                new BigDecimal("5"),
                List.of(
                    new TimeOfDayBand(
                        LocalTime.of(18, 0), LocalTime.of(22, 0), new BigDecimal("1.20")),
                    new TimeOfDayBand(
                        LocalTime.of(22, 0), LocalTime.of(6, 0), new BigDecimal("0.90"))),
                new Rebate(Rebate.Kind.PERCENT, new BigDecimal("3"))));
    Instant opened = Instant.parse("2024-04-01T00:00:00Z");
    for (int i = 0; i < serials.size(); i++) {
      String serial = serials.get(i);
      boolean postpaid = i % 10 == 9;
      String account = "DEMO-" + serial;
      prepaid
          .accounts()
          .open(
              new Account(
                  account,
                  UTILITY,
                  "Consumer " + serial,
                  "+91980000" + String.format("%04d", i % 10_000),
                  i % 3 == 0 ? "hi" : "en",
                  postpaid ? PaymentMode.POSTPAID : PaymentMode.PREPAID,
                  "LMV-1",
                  new BigDecimal("2"),
                  opened),
              serial);
      if (!postpaid) {
        long credit = i % 20 == 0 ? 2_000 : 50_000; // ₹20 runs out within a few simulated hours
        prepaid.payments().post(account, credit, "DEMO-OPENING-" + serial, "demo", Instant.now());
      }
    }
  }

  /**
   * Tops up every disconnected demo consumer, as a consumer would after the "disconnected" message.
   */
  int rechargeDisconnected(long paise, String round) {
    List<String> accounts =
        queryStrings(
            "SELECT b.account_id FROM ledger_api.balances b JOIN ledger_api.accounts a USING (account_id) "
                + "WHERE a.utility_id = 'DEMO' AND b.balance_paise < 0");
    for (String a : accounts) {
      prepaid.payments().post(a, paise, "DEMO-TOPUP-" + round + "-" + a, "demo", Instant.now());
    }
    return accounts.size();
  }

  String line() {
    return String.format(
        "prepaid: accounts %d | low credit %d | in debt %d | relays open %d | reconnects %d | messages %d",
        count("SELECT count(*) FROM ledger_api.accounts WHERE utility_id = 'DEMO'"),
        // the dashboard's definition: at or below 10 % of the last recharge, or nothing left
        count(
            "SELECT count(*) FROM ledger_api.balances b JOIN ledger_api.accounts a USING (account_id) WHERE a.payment_mode = 'prepaid' "
                + "AND (b.balance_paise <= 0 OR b.balance_paise * 10 <= b.last_recharge_paise)"),
        count("SELECT count(*) FROM ledger_api.balances WHERE balance_paise < 0"),
        count("SELECT count(*) FROM ledger_api.relay_state WHERE state <> 'connected'"),
        count(
            "SELECT count(*) FROM ledger_api.relay_commands WHERE action = 'reconnect' AND status = 'confirmed'"),
        count("SELECT count(*) FROM ledger_api.notifications WHERE channel = 'log'"));
  }

  private long count(String sql) {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  private List<String> queryStrings(String sql) {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
