package org.urja.headend.selfcare;

import java.time.Instant;
import java.util.List;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Rows;
import org.urja.ledger.alerts.SecretSeal;

/**
 * Linking an account to a consumer (an app key or a WhatsApp number) after they prove the mobile
 * number registered on the account: a code sent there ({@link OtpCodes}: 6 digits, valid for a few
 * minutes, five tries). The message carrying it holds it sealed until the channel sends it, and
 * expires with the code (a crash before sending delivers it later or not at all).
 */
public final class OtpLinking {
  private final Rows rows;
  private final ConsumerOutbox outbox;
  private final OtpCodes codes;

  OtpLinking(Rows rows, ConsumerOutbox outbox, OtpCodes codes) {
    this.rows = rows;
    this.outbox = outbox;
    this.codes = codes;
  }

  public record Challenge(String accountId, String sentTo, Instant expiresAt) {}

  /** Sends a code to the account's registered mobile number. */
  public Challenge request(String subject, String accountId) {
    ConsumerAccount account =
        ConsumerAccount.find(rows, accountId)
            .orElseThrow(
                () ->
                    new ApiError(
                        404,
                        "account_not_found",
                        "no account " + accountId + "; check the number on your bill",
                        "accountId"));
    if (account.phone() == null || account.phone().isBlank()) {
      throw new ApiError(
          409,
          "no_registered_mobile",
          "account "
              + accountId
              + " has no registered mobile number; "
              + "visit the utility office to register one",
          "accountId");
    }
    OtpCodes.Issued code = codes.issue(subject, OtpCodes.Target.account(accountId));
    long minutes = Math.max(1, codes.ttl().toMinutes());
    // the code itself never enters the outbox in the clear: the channel gets it at send time
    String hidden = SecretSeal.PLACEHOLDER;
    String body =
        account.hindi()
            ? "आपका Urja सत्यापन कोड "
                + hidden
                + " है (खाता "
                + accountId
                + ")। यह "
                + minutes
                + " मिनट तक मान्य है। इसे किसी से साझा न करें।"
            : "Your Urja verification code is "
                + hidden
                + " (account "
                + accountId
                + "). It is valid for "
                + minutes
                + " minutes. Do not share it with anyone.";
    outbox.sendSecret(account, "otp", "otp:" + code.id(), body, code.code(), code.expiresAt());
    return new Challenge(accountId, account.maskedPhone(), code.expiresAt());
  }

  /**
   * Links the account when {@code code} matches the latest live code; errors say what to do next.
   */
  public void verify(String subject, String accountId, String code) {
    codes.check(subject, OtpCodes.Target.account(accountId), code, "POST /api/selfcare/links");
    link(subject, accountId, "otp");
  }

  /**
   * Links without a code: for a WhatsApp sender whose number is the one registered on the account.
   */
  public void link(String subject, String accountId) {
    link(subject, accountId, "whatsapp");
  }

  /**
   * A link proven for the account itself ({@code otp}, {@code whatsapp}) outlasts one that only
   * followed the subject's registered mobile, which is withdrawn when the account's number changes.
   */
  void link(String subject, String accountId, String via) {
    rows.update(
        "insert into consumer_links (subject, account_id, via) values (?, ?, ?) "
            + "on conflict (subject, account_id) do update set via = excluded.via "
            + "where consumer_links.via = 'mobile' and excluded.via <> 'mobile'",
        subject,
        accountId,
        via);
  }

  public List<String> linkedAccounts(String subject) {
    return rows
        .list("select account_id from consumer_links where subject = ? order by linked_at", subject)
        .stream()
        .map(r -> (String) r.get("accountId"))
        .toList();
  }
}
