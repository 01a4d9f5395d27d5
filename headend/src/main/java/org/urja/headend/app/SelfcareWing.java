package org.urja.headend.app;

import java.time.Duration;
import javax.sql.DataSource;
import org.urja.headend.api.ApiModule;
import org.urja.headend.chatbot.ChatBills;
import org.urja.headend.chatbot.ChatBot;
import org.urja.headend.chatbot.ChatbotSettings;
import org.urja.headend.chatbot.WhatsAppWebhook;
import org.urja.headend.http.HttpApi;
import org.urja.headend.selfcare.Complaints;
import org.urja.headend.selfcare.ConsumerOutbox;
import org.urja.headend.selfcare.MobileRegistration;
import org.urja.headend.selfcare.OtpLinking;
import org.urja.headend.selfcare.Outages;
import org.urja.headend.selfcare.SelfService;
import org.urja.headend.selfcare.SelfcareApi;
import org.urja.headend.selfcare.SelfcareSettings;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.alerts.SecretSeal;
import org.urja.ledger.db.Transactions;

/**
 * Consumers served directly: a mobile registered by OTP and its connections, OTP account linking,
 * utilities' contacts and payment links, complaints, feeder outages (routes on the operations API's
 * router), and the WhatsApp chatbot webhook (which also sends bills' PDF links).
 */
public final class SelfcareWing {
  private final SelfService self;
  private final Outages outages;
  private final Complaints complaints;
  private final WhatsAppWebhook whatsapp;

  private SelfcareWing(
      SelfcareSettings settings,
      ChatbotSettings chatbot,
      ApiModule api,
      ChatBills bills,
      DataSource dataSource,
      Node node) {
    Transactions tx = new Transactions(dataSource);
    // the ledger's dispatcher delivers these rows, on the channels the settings name
    ConsumerOutbox outbox =
        new ConsumerOutbox(
            api.rows(), settings.channels(), SecretSeal.configured(settings.sealKey(), tx));
    self =
        SelfService.start(
            settings, api.rows(), api.access(), outbox, tx, node.registry(), node.clock());
    self.api().register(api.router());
    outages =
        new Outages(
            api.rows(), outbox, settings.outageMinMeters(), settings.outageWindow(), node.clock());
    complaints = new Complaints(api.rows(), outages, outbox, node.clock());
    SelfcareApi selfcare = new SelfcareApi(api.rows(), api.access(), self.linking(), complaints);
    selfcare.register(api.router());
    WhatsAppWebhook.describe(api.router());
    node.every(Duration.ofSeconds(30), "outage scan", outages::scan);
    ChatBot bot =
        new ChatBot(
            api.rows(),
            self,
            new AccountRegistry(tx),
            complaints,
            api.accounts(),
            settings.zone(),
            bills);
    whatsapp =
        node.started()
            .push(
                new WhatsAppWebhook(
                    bot, chatbot.sender(), chatbot.appSecret(), chatbot.verifyToken()));
  }

  /**
   * Adds the self-care routes to {@code api}'s router; the webhook is served once {@link
   * #register}ed.
   */
  static SelfcareWing start(
      SelfcareSettings settings,
      ChatbotSettings chatbot,
      ApiModule api,
      ChatBills bills,
      DataSource dataSource,
      Node node) {
    return new SelfcareWing(settings, chatbot, api, bills, dataSource, node);
  }

  void register(HttpApi http) {
    whatsapp.register(http);
  }

  public OtpLinking linking() {
    return self.linking();
  }

  public MobileRegistration mobiles() {
    return self.mobiles();
  }

  public Outages outages() {
    return outages;
  }

  public Complaints complaints() {
    return complaints;
  }

  public WhatsAppWebhook whatsapp() {
    return whatsapp;
  }
}
