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
import org.urja.headend.selfcare.OtpLinking;
import org.urja.headend.selfcare.Outages;
import org.urja.headend.selfcare.SelfcareApi;
import org.urja.headend.selfcare.SelfcareSettings;
import org.urja.ledger.alerts.SecretSeal;
import org.urja.ledger.db.Transactions;

/**
 * Consumers served directly: OTP account linking, complaints, feeder outages (routes on the
 * operations API's router), and the WhatsApp chatbot webhook (which also sends bills' PDF links).
 */
public final class SelfcareWing {
  private final OtpLinking linking;
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
    // the ledger's dispatcher delivers these rows, on the channels the settings name
    ConsumerOutbox outbox =
        new ConsumerOutbox(
            api.rows(),
            settings.channels(),
            SecretSeal.configured(settings.sealKey(), new Transactions(dataSource)));
    linking = new OtpLinking(api.rows(), outbox, settings.otpTtl(), node.clock());
    outages =
        new Outages(
            api.rows(), outbox, settings.outageMinMeters(), settings.outageWindow(), node.clock());
    complaints = new Complaints(api.rows(), outages, outbox, node.clock());
    SelfcareApi selfcare =
        new SelfcareApi(api.rows(), api.access(), linking, complaints, settings.rechargeUrl());
    selfcare.register(api.router());
    node.every(Duration.ofSeconds(30), "outage scan", outages::scan);
    ChatBot bot =
        new ChatBot(
            api.rows(),
            linking,
            complaints,
            api.accounts(),
            selfcare::rechargeUrl,
            settings.contact(),
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
    return linking;
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
