package org.urja.headend.api;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import org.urja.headend.api.accounts.AccountsApi;
import org.urja.headend.api.auth.Access;
import org.urja.headend.api.auth.ApiKeys;
import org.urja.headend.api.auth.AuditLog;
import org.urja.headend.api.auth.KeysApi;
import org.urja.headend.api.commands.CommandsApi;
import org.urja.headend.api.fleet.FleetApi;
import org.urja.headend.api.meters.MetersApi;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.http.HttpApi;

/**
 * The head-end's REST API assembled from its parts: one router under {@code /api}, the OpenAPI
 * document at {@code /openapi.json}.
 */
public final class ApiModule {
  private final Router router;
  private final ApiKeys keys;
  private final Rows rows;
  private final Access access;
  private final AccountsApi accounts;
  private final FleetApi fleet;

  /** @param wakeRelay runs the relay dispatcher soon (after a credit or an operator command) */
  public ApiModule(HeadEnd hes, UrjaConfig cfg, Clock clock, Runnable wakeRelay) {
    rows = new Rows(hes.dataSource());
    keys = new ApiKeys(hes.dataSource(), List.of(cfg.string("api.gateway.tokens").split("\\s*,\\s*")));
    access = new Access(rows);
    router = new Router(keys, new AuditLog(hes.dataSource()));
    accounts = new AccountsApi(rows, access, ZoneId.of(cfg.string("utility.zone")));
    fleet = new FleetApi(rows, hes.sessions(), hes.registry());
    new KeysApi(keys).register(router);
    new MetersApi(rows, access, hes.directory(), hes.sessions()).register(router);
    accounts.register(router);
    new PaymentsApi(hes.prepaid().payments(), access, clock, account -> wakeRelay.run()).register(router);
    new CommandsApi(rows, access, hes.prepaid().relayQueue(), hes.commands(), wakeRelay).register(router);
    fleet.register(router);
  }

  public void register(HttpApi http) {
    http.route("/api", router::handle);
    http.route("/openapi.json", ex -> JsonExchange.send(ex, 200, router.openApi()));
  }

  public Router router() {
    return router;
  }

  public ApiKeys keys() {
    return keys;
  }

  public Rows rows() {
    return rows;
  }

  public Access access() {
    return access;
  }

  public AccountsApi accounts() {
    return accounts;
  }

  public FleetApi fleet() {
    return fleet;
  }
}
