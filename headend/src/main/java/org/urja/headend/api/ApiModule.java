package org.urja.headend.api;

import java.time.Clock;
import org.urja.headend.api.accounts.AccountAdminApi;
import org.urja.headend.api.accounts.AccountsApi;
import org.urja.headend.api.accounts.ArrearsApi;
import org.urja.headend.api.auth.Access;
import org.urja.headend.api.auth.ApiKeys;
import org.urja.headend.api.auth.AuditLog;
import org.urja.headend.api.auth.KeysApi;
import org.urja.headend.api.commands.CommandsApi;
import org.urja.headend.api.consumption.AccountConsumption;
import org.urja.headend.api.consumption.ConsumptionApi;
import org.urja.headend.api.consumption.MeterBuckets;
import org.urja.headend.api.consumption.UtilityZones;
import org.urja.headend.api.deadletters.DeadLettersApi;
import org.urja.headend.api.fleet.FleetApi;
import org.urja.headend.api.meterkeys.MeterKeysApi;
import org.urja.headend.api.meters.MetersApi;
import org.urja.headend.api.meters.SuspectApis;
import org.urja.headend.http.HttpApi;
import org.urja.headend.prepaid.PrepaidEngine;
import org.urja.ingest.store.RegisterIntervals;

/**
 * The head-end's operations REST API assembled from its parts: one router under {@code /api} and
 * the OpenAPI document at {@code /openapi.json}. Other parts of the node (reads, self-care, the
 * operator dashboard) add their routes to {@link #router()} before {@link #register}.
 */
public final class ApiModule {
  private final Router router;
  private final ApiKeys keys;
  private final Rows rows;
  private final Access access;
  private final AccountsApi accounts;
  private final FleetApi fleet;

  public ApiModule(ApiCollaborators parts, ApiSettings settings, Clock clock) {
    rows = new Rows(parts.dataSource());
    keys = new ApiKeys(parts.dataSource(), settings.gatewayTokens(), settings.operatorTokens());
    access = new Access(rows);
    router = new Router(keys, new AuditLog(parts.dataSource()));
    accounts = new AccountsApi(rows, access, settings.zone());
    fleet = new FleetApi(rows, parts.sessions(), parts.registry());
    PrepaidEngine prepaid = parts.prepaid();
    new KeysApi(keys).register(router);
    RegisterIntervals registers = new RegisterIntervals(parts.dataSource());
    UtilityZones zones = new UtilityZones(prepaid.utilities(), settings.zone());
    new MetersApi(
            rows,
            access,
            parts.directory(),
            parts.sessions(),
            parts.meterModels(),
            parts.layouts(),
            new MeterBuckets(registers),
            zones)
        .register(router);
    new MeterKeysApi(parts.meterKeys(), parts.keyRotation(), access, rows).register(router);
    SuspectApis.register(
        router,
        access,
        parts.directory().suspects(),
        readings -> prepaid.feed().committed(readings),
        parts.directory().suspectEvents(),
        parts.releasedEvents());
    accounts.register(router);
    new ConsumptionApi(new AccountConsumption(rows, registers, zones), access, clock)
        .register(router);
    new AccountAdminApi(
            prepaid.utilities(),
            prepaid.tariffs(),
            prepaid.accounts(),
            access,
            parts.directory(),
            parts.meterModels(),
            clock)
        .register(router);
    new ArrearsApi(prepaid.arrears(), access).register(router);
    new PaymentsApi(prepaid.payments(), access, clock, account -> parts.wakeRelay().run())
        .register(router);
    new CommandsApi(
            rows,
            access,
            prepaid.relayQueue(),
            parts.commands(),
            parts.wakeRelay(),
            parts.meterModels(),
            parts.storeReadings(),
            parts.nodeId())
        .register(router);
    fleet.register(router);
    new DeadLettersApi(parts.deadLetters()).register(router);
    router
        .external("GET", "/openapi.json", "this document: every route, its bodies and answers")
        .returns(
            200,
            Schema.object(Field.required("openapi", "string"), Field.required("paths", "object")));
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
