package org.urja.headend.api;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.api.accounts.AccountAdminApi;
import org.urja.headend.api.accounts.ArrearsApi;
import org.urja.headend.api.accounts.AccountsApi;
import org.urja.headend.api.auth.Access;
import org.urja.headend.api.auth.ApiKeys;
import org.urja.headend.api.auth.AuditLog;
import org.urja.headend.api.auth.KeysApi;
import org.urja.headend.api.commands.CommandsApi;
import org.urja.headend.api.fleet.FleetApi;
import org.urja.headend.api.meterkeys.MeterKeysApi;
import org.urja.headend.api.meters.MetersApi;
import org.urja.headend.api.meters.SuspectEventsApi;
import org.urja.headend.api.meters.SuspectReadingsApi;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.billing.BillsApi;
import org.urja.headend.chatbot.ChatBills;
import org.urja.headend.chatbot.ChatBot;
import org.urja.headend.chatbot.LogReplySender;
import org.urja.headend.chatbot.ReplySender;
import org.urja.headend.chatbot.WhatsAppCloudSender;
import org.urja.headend.chatbot.WhatsAppWebhook;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.dashboard.DashboardApi;
import org.urja.headend.documents.DocumentLinks;
import org.urja.headend.documents.Documents;
import org.urja.headend.http.HttpApi;
import org.urja.headend.selfcare.Complaints;
import org.urja.headend.selfcare.ConsumerOutbox;
import org.urja.headend.selfcare.OtpLinking;
import org.urja.headend.selfcare.Outages;
import org.urja.headend.selfcare.SelfcareApi;
import org.urja.ledger.alerts.SecretSeal;
import org.urja.ledger.db.Transactions;

/**
 * The head-end's REST API assembled from its parts: one router under {@code /api}, the OpenAPI
 * document at {@code /openapi.json}.
 */
public final class ApiModule {
  private static final Logger log = LoggerFactory.getLogger(ApiModule.class);
  private final Router router;
  private final ApiKeys keys;
  private final Rows rows;
  private final Access access;
  private final AccountsApi accounts;
  private final FleetApi fleet;
  private final ConsumerOutbox outbox;
  private final OtpLinking linking;
  private final Outages outages;
  private final Complaints complaints;
  private final SelfcareApi selfcare;
  private final WhatsAppWebhook whatsapp;
  private final BillsApi bills;

  /**
   * @param wakeRelay runs the relay dispatcher soon (after a credit or an operator command)
   * @param scheduler runs the outage scan
   */
  public ApiModule(HeadEnd hes, UrjaConfig cfg, Clock clock, Runnable wakeRelay, ScheduledExecutorService scheduler) {
    rows = new Rows(hes.dataSource());
    keys = new ApiKeys(hes.dataSource(), List.of(cfg.string("api.gateway.tokens").split("\\s*,\\s*")),
        List.of(cfg.string("api.operator.tokens").split("\\s*,\\s*")));
    access = new Access(rows);
    router = new Router(keys, new AuditLog(hes.dataSource()));
    accounts = new AccountsApi(rows, access, ZoneId.of(cfg.string("utility.zone")));
    fleet = new FleetApi(rows, hes.sessions(), hes.registry());
    new KeysApi(keys).register(router);
    new MetersApi(rows, access, hes.directory(), hes.sessions(), hes.meterModels(), hes.layouts()).register(router);
    new MeterKeysApi(hes.meterKeys(), hes.keyRotation(), access, rows).register(router);
    new SuspectReadingsApi(hes.directory().suspects(), access, readings -> hes.prepaid().feed().committed(readings))
        .register(router);
    new SuspectEventsApi(hes.directory().suspectEvents(), access, hes::eventsStored).register(router);
    accounts.register(router);
    new AccountAdminApi(hes.prepaid().utilities(), hes.prepaid().tariffs(), hes.prepaid().accounts(), access, clock)
        .register(router);
    new ArrearsApi(hes.prepaid().arrears(), access).register(router);
    new PaymentsApi(hes.prepaid().payments(), access, clock, account -> wakeRelay.run()).register(router);
    new CommandsApi(rows, access, hes.prepaid().relayQueue(), hes.commands(), wakeRelay,
        hes.meterModels(),
        readings -> hes.writer().submit(org.urja.ingest.store.Submission.ofReadings(readings)), hes.nodeId())
        .register(router);
    fleet.register(router);

    // the ledger's dispatcher delivers these rows: the same channel names PrepaidEngine configures
    List<String> channels = new ArrayList<>(List.of("log"));
    cfg.optional("notify.webhook.url").ifPresent(u -> channels.add("webhook"));
    outbox = new ConsumerOutbox(rows, channels,
        SecretSeal.configured(cfg.optional("notify.seal.key"), new Transactions(hes.dataSource())));
    linking = new OtpLinking(rows, outbox, cfg.duration("selfcare.otp.ttl"), clock);
    outages = new Outages(rows, cfg.integer("outage.min.meters"), cfg.duration("outage.window"), clock);
    complaints = new Complaints(rows, outages, outbox, clock);
    selfcare = new SelfcareApi(rows, access, linking, complaints, cfg.string("selfcare.recharge.url"));
    selfcare.register(router);
    scheduler.scheduleWithFixedDelay(this::scanOutages, 30, 30, TimeUnit.SECONDS);

    // postpaid bills, bill and receipt PDFs, signed links to them (issue 9)
    DocumentLinks links = DocumentLinks.configured(cfg.optional("documents.link.key"), cfg.string("documents.base.url"),
        cfg.duration("documents.link.ttl"), clock);
    bills = new BillsApi(hes.prepaid().billing(), new Documents(hes.prepaid().billing().bills(), hes.prepaid().payments(),
        hes.prepaid().accounts(), hes.prepaid().utilities()), links, access);
    bills.register(router);
    ChatBills chatBills = new ChatBills(hes.prepaid().accounts(), hes.prepaid().billing().bills(), links);

    ZoneId zone = ZoneId.of(cfg.string("utility.zone"));
    ChatBot bot = new ChatBot(rows, linking, complaints, accounts, selfcare::rechargeUrl, cfg.string("selfcare.contact"), zone,
        chatBills);
    ReplySender sender = cfg.optional("chatbot.phone.number.id").isPresent() && cfg.optional("chatbot.access.token").isPresent()
        ? new WhatsAppCloudSender(cfg.string("chatbot.graph.url"), cfg.string("chatbot.phone.number.id"), cfg.string("chatbot.access.token"))
        : new LogReplySender();
    whatsapp = new WhatsAppWebhook(bot, sender, cfg.string("chatbot.app.secret"), cfg.string("chatbot.verify.token"));
  }

  private void scanOutages() {
    try {
      outages.scan();
    } catch (RuntimeException e) {
      log.warn("outage scan failed: {}", e.toString());
    }
  }

  public void register(HttpApi http) {
    http.route("/api", router::handle);
    http.route("/openapi.json", ex -> JsonExchange.send(ex, 200, router.openApi()));
    whatsapp.register(http);
    bills.registerLinks(http);
    new DashboardApi(rows).register(router, http);
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

  public OtpLinking linking() {
    return linking;
  }

  public Outages outages() {
    return outages;
  }

  public WhatsAppWebhook whatsapp() {
    return whatsapp;
  }

  public Complaints complaints() {
    return complaints;
  }
}
