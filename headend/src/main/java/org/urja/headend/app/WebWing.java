package org.urja.headend.app;

import io.micrometer.core.instrument.FunctionCounter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.urja.headend.api.ApiCollaborators;
import org.urja.headend.api.ApiModule;
import org.urja.headend.api.ApiSettings;
import org.urja.headend.api.bills.BillsApi;
import org.urja.headend.chatbot.ChatBills;
import org.urja.headend.chatbot.ChatbotSettings;
import org.urja.headend.dashboard.DashboardApi;
import org.urja.headend.documents.DocumentLinkSettings;
import org.urja.headend.documents.DocumentLinks;
import org.urja.headend.documents.Documents;
import org.urja.headend.health.DatabaseProbe;
import org.urja.headend.health.HealthChecks;
import org.urja.headend.health.HealthEndpoint;
import org.urja.headend.health.NodeHealth;
import org.urja.headend.http.HttpApi;
import org.urja.headend.http.HttpSettings;
import org.urja.headend.prepaid.PrepaidEngine;
import org.urja.headend.selfcare.SelfcareSettings;
import org.urja.ingest.store.Submission;

/**
 * The node's HTTP endpoint and what it serves: {@code /metrics}, {@code /health}, the operations
 * API with the operator dashboard, head-end reads' routes, postpaid bills with signed links to
 * their PDFs, and consumer self-service. Started last, after the listeners: an API call finds every
 * part of the node running.
 */
final class WebWing {

  /**
   * @param healthDbTimeout readiness reports the database down when {@code SELECT 1} takes longer
   * @param healthQueueStall readiness reports the writer queue stuck after this long at its high
   *     watermark
   * @param documents how links to bill and receipt PDFs are signed and addressed
   */
  record Settings(
      HttpSettings http,
      Duration healthDbTimeout,
      Duration healthQueueStall,
      ApiSettings api,
      SelfcareSettings selfcare,
      ChatbotSettings chatbot,
      DocumentLinkSettings documents) {
    Settings {
      Objects.requireNonNull(http, "http");
      Objects.requireNonNull(api, "api");
      Objects.requireNonNull(selfcare, "selfcare");
      Objects.requireNonNull(chatbot, "chatbot");
      Objects.requireNonNull(documents, "documents");
      if (healthDbTimeout.compareTo(Duration.ZERO) <= 0
          || healthQueueStall.compareTo(Duration.ZERO) <= 0) {
        throw new IllegalArgumentException(
            "health.db.timeout and health.queue.stall must be positive");
      }
    }
  }

  private final HttpApi http;
  private final HealthChecks health;
  private final ApiModule api;
  private final SelfcareWing selfcare;

  private WebWing(
      Settings settings,
      StorageWing storage,
      IngestWing ingest,
      PrepaidWing prepaid,
      CommandsWing commands,
      Node node)
      throws Exception {
    http = new HttpApi(settings.http());
    FunctionCounter.builder("urja.http.timed.out", http, HttpApi::timedOutConnections)
        .description(
            "HTTP connections closed because a request did not arrive within http.read.timeout")
        .register(node.registry());
    FunctionCounter.builder("urja.http.overloaded", http, HttpApi::overloadedRequests)
        .description("HTTP requests answered 503 because every worker was busy and the queue full")
        .register(node.registry());
    http.route(
        "/metrics",
        ex ->
            HttpApi.send(
                ex, 200, "text/plain; version=0.0.4; charset=utf-8", node.registry().scrape()));
    DatabaseProbe databaseProbe =
        node.started().push(new DatabaseProbe(storage.dataSource(), settings.healthDbTimeout()));
    health =
        new HealthChecks(
            NodeHealth.checks(
                databaseProbe,
                ingest.writer(),
                prepaid.engine().feed(),
                ingest.tcp(),
                ingest.mqtt(),
                settings.healthQueueStall()),
            node.registry());
    // keeps urja.health gauges current
    node.scheduler().scheduleWithFixedDelay(health::ready, 5, 5, TimeUnit.SECONDS);
    new HealthEndpoint(health).register(http);

    api =
        new ApiModule(
            new ApiCollaborators(
                storage.dataSource(),
                node.registry(),
                ingest.sessions(),
                ingest.directory(),
                ingest.meterModels(),
                ingest.layouts(),
                storage.meterKeys(),
                storage.keyRotation(),
                ingest.deadLetters(),
                readings -> ingest.writer().submit(Submission.ofReadings(readings)),
                prepaid::eventsStored,
                prepaid.engine(),
                commands.commands(),
                commands::wakeRelay,
                commands.nodeId()),
            settings.api(),
            node.clock());
    // routes that need parts the operations API does not have go on api.router() here, before
    // api.register
    // postpaid bills, bill and receipt PDFs, signed links to them (also sent by the chatbot)
    PrepaidEngine engine = prepaid.engine();
    DocumentLinks links =
        DocumentLinks.configured(
            settings.documents().key(),
            settings.documents().baseUrl(),
            settings.documents().ttl(),
            node.clock());
    BillsApi bills =
        new BillsApi(
            engine.billing(),
            new Documents(
                engine.billing().bills(), engine.payments(), engine.accounts(), engine.utilities()),
            links,
            api.access());
    bills.register(api.router());
    ChatBills chatBills = new ChatBills(engine.accounts(), engine.billing().bills(), links);
    selfcare =
        SelfcareWing.start(
            settings.selfcare(), settings.chatbot(), api, chatBills, storage.dataSource(), node);
    commands.reads().register(api.router(), api.rows(), api.access());
    new DashboardApi(api.rows()).register(api.router(), http);
    // served by their own handlers above; declared so that /openapi.json lists every route
    HealthEndpoint.describe(api.router());
    api.router()
        .external("GET", "/metrics", "Prometheus metrics (text exposition format 0.0.4)")
        .returns(200, "text/plain", "the metrics");
    api.register(http);
    bills.registerLinks(http);
    selfcare.register(http);
    http.start();
    node.started().push(http);
  }

  static WebWing start(
      Settings settings,
      StorageWing storage,
      IngestWing ingest,
      PrepaidWing prepaid,
      CommandsWing commands,
      Node node)
      throws Exception {
    return new WebWing(settings, storage, ingest, prepaid, commands, node);
  }

  HttpApi http() {
    return http;
  }

  HealthChecks health() {
    return health;
  }

  ApiModule api() {
    return api;
  }

  SelfcareWing selfcare() {
    return selfcare;
  }
}
