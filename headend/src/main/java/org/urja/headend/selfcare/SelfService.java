package org.urja.headend.selfcare;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.urja.headend.api.Rows;
import org.urja.headend.api.auth.Access;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.MobileDirectory;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.db.Transactions;
import org.urja.ledger.journal.LedgerQueries;

/**
 * What the self-care app and the chatbot share: one set of OTP rules for linking by consumer number
 * and for registering a mobile, the connections a consumer sees, utilities' contacts and payment
 * links. The ledger is reached through its Java API only.
 */
public record SelfService(
    OtpLinking linking,
    MobileRegistration mobiles,
    UtilityContacts contacts,
    PaymentLinks payments,
    ConnectionsApi api) {

  public static SelfService start(
      SelfcareSettings settings,
      Rows rows,
      Access access,
      ConsumerOutbox outbox,
      Transactions tx,
      MeterRegistry registry,
      Clock clock) {
    OtpCodes codes = new OtpCodes(rows, settings.otpTtl(), clock, registry);
    OtpLinking linking = new OtpLinking(rows, outbox, codes);
    AccountRegistry accounts = new AccountRegistry(tx);
    UtilityRegistry utilities = new UtilityRegistry(tx);
    MobileRegistration mobiles =
        new MobileRegistration(
            rows, outbox, codes, linking, new MobileDirectory(tx), accounts, utilities);
    UtilityContacts contacts = new UtilityContacts(utilities, accounts, settings.contact());
    PaymentLinks payments =
        new PaymentLinks(accounts, utilities, new LedgerQueries(tx), settings.rechargeLink());
    return new SelfService(
        linking,
        mobiles,
        contacts,
        payments,
        new ConnectionsApi(access, mobiles, contacts, payments));
  }
}
