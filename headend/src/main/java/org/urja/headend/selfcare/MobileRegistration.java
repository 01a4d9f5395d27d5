package org.urja.headend.selfcare;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Rows;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.MobileDirectory;
import org.urja.ledger.account.MobileNumber;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.alerts.SecretSeal;

/**
 * Register a mobile number once, see every connection (UPAY-style): the consumer proves the number
 * by a code sent to it, and from then on sees every account registered with that number in any
 * utility, plus those linked one by one by consumer number ({@link OtpLinking}). Codes go only to
 * numbers a utility has registered on some account: the head-end never texts a stranger's number on
 * request.
 */
public final class MobileRegistration {
  private static final Logger log = LoggerFactory.getLogger(MobileRegistration.class);

  private final Rows rows;
  private final ConsumerOutbox outbox;
  private final OtpCodes codes;
  private final OtpLinking linking;
  private final MobileDirectory directory;
  private final AccountRegistry accounts;
  private final UtilityRegistry utilities;

  MobileRegistration(
      Rows rows,
      ConsumerOutbox outbox,
      OtpCodes codes,
      OtpLinking linking,
      MobileDirectory directory,
      AccountRegistry accounts,
      UtilityRegistry utilities) {
    this.rows = rows;
    this.outbox = outbox;
    this.codes = codes;
    this.linking = linking;
    this.directory = directory;
    this.accounts = accounts;
    this.utilities = utilities;
  }

  public record Challenge(String sentTo, Instant expiresAt) {}

  /**
   * One connection a consumer sees.
   *
   * @param via how it came to them: {@code mobile} (registered with their proven mobile), {@code
   *     otp} (linked by consumer number with the code of its own mobile), {@code whatsapp}
   */
  public record Connection(
      String accountId,
      String utilityId,
      String utilityName,
      String consumerName,
      String paymentMode,
      String via) {}

  /**
   * Sends a code to {@code mobileText} when some connection is registered with that number. The
   * answer is the same whether or not one is: whether a number has an electricity connection is the
   * consumer's personal data, not something any app user may probe for. For a number no utility
   * registered, a code is issued (so the rate limits count it alike) and sent nowhere: the head-end
   * never texts an arbitrary number, and no one can verify it.
   */
  public Challenge request(String subject, String mobileText) {
    MobileNumber mobile = parse(mobileText);
    List<Account> registered = directory.registeredTo(mobile);
    OtpCodes.Issued code = codes.issue(subject, OtpCodes.Target.mobile(mobile.digits()));
    if (registered.isEmpty()) {
      log.info("mobile code requested for a number with no connection (sent nowhere)");
      return new Challenge(mobile.masked(), code.expiresAt());
    }
    // the outbox addresses a message to an account: the first one on this number, as registered
    ConsumerAccount to = ConsumerAccount.of(registered.get(0));
    long minutes = Math.max(1, codes.ttl().toMinutes());
    String hidden = SecretSeal.PLACEHOLDER;
    String body =
        to.hindi()
            ? "आपका Urja सत्यापन कोड "
                + hidden
                + " है (मोबाइल "
                + mobile.masked()
                + ")। यह "
                + minutes
                + " मिनट तक मान्य है। इसे किसी से साझा न करें।"
            : "Your Urja verification code is "
                + hidden
                + " (mobile "
                + mobile.masked()
                + "). It is valid for "
                + minutes
                + " minutes. Do not share it with anyone.";
    outbox.sendSecret(to, "otp", "otp:" + code.id(), body, code.code(), code.expiresAt());
    return new Challenge(mobile.masked(), code.expiresAt());
  }

  /** Registers the mobile when the code matches, and returns what the consumer now sees. */
  public List<Connection> verify(String subject, String mobileText, String code) {
    MobileNumber mobile = parse(mobileText);
    codes.check(
        subject, OtpCodes.Target.mobile(mobile.digits()), code, "POST /api/selfcare/mobile");
    register(subject, mobile);
    return connections(subject);
  }

  /**
   * Registers a number already proven another way: WhatsApp delivers only from the number it
   * verified, so a chatbot sender's own number needs no code.
   */
  public void register(String subject, MobileNumber mobile) {
    rows.update(
        "insert into consumer_mobiles (subject, mobile, verified_at) values (?, ?, now()) "
            + "on conflict (subject, mobile) do update set verified_at = now()",
        subject,
        mobile.digits());
  }

  /** The mobiles the subject has proven, in the order they were first proven. */
  public List<MobileNumber> mobilesOf(String subject) {
    return rows
        .list(
            "select mobile from consumer_mobiles where subject = ? order by verified_at, mobile",
            subject)
        .stream()
        .map(r -> new MobileNumber((String) r.get("mobile")))
        .toList();
  }

  /**
   * Every connection the subject sees, oldest link first. Links that followed the registered mobile
   * are brought up to date first: a connection registered with it since appears, one whose number
   * changed goes (links proven for the account itself stay).
   */
  public List<Connection> connections(String subject) {
    Set<String> onMobiles =
        mobilesOf(subject).stream()
            .flatMap(m -> directory.registeredTo(m).stream())
            .map(Account::accountId)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    for (String a : onMobiles) {
      linking.link(subject, a, "mobile");
    }
    rows.update(
        "delete from consumer_links where subject = ? and via = 'mobile' "
            + "and not (account_id = any(?::text[]))",
        subject,
        onMobiles.toArray(String[]::new));
    Map<String, String> names = new HashMap<>();
    return rows
        .list(
            "select account_id, via from consumer_links where subject = ? order by linked_at, account_id",
            subject)
        .stream()
        .flatMap(
            r ->
                accounts.find((String) r.get("accountId")).stream()
                    .map(
                        a ->
                            new Connection(
                                a.accountId(),
                                a.utilityId(),
                                names.computeIfAbsent(
                                    a.utilityId(), u -> utilities.name(u).orElse(u)),
                                a.consumerName(),
                                a.paymentMode().dbValue(),
                                (String) r.get("via"))))
        .toList();
  }

  private static MobileNumber parse(String text) {
    return MobileNumber.parse(text)
        .orElseThrow(
            () ->
                ApiError.badField(
                    "mobile", "a mobile number has 10 digits, optionally after +91 or 0"));
  }
}
