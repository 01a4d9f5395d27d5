package org.urja.ledger.account;

import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A utility's (discom's) consumer-protection and message settings, stored as JSON per utility. Any
 * field left out takes the UPPCL-style default shown in {@link #defaults()}.
 *
 * @param alertPercentages balance alerts as % of the last recharge (default 30, 10, 0)
 * @param daysLeftAlert alert when the balance covers fewer days than this at the average daily
 *     spend (3)
 * @param averageWindowDays days of history behind the average daily spend (7)
 * @param graceDays days of negative balance before automatic disconnection (3)
 * @param reconnectMinimumPaise balance at or above which a disconnected consumer is reconnected (0)
 * @param defaultLanguage message language when the account has none: "en" or "hi" ("en")
 * @param disconnectAllowedFrom start of the daily window in which disconnection may happen (08:00)
 * @param disconnectAllowedUntil end of that window, exclusive (18:00): nights are friendly hours
 * @param noDisconnectSundays no disconnection on Sundays (true)
 * @param noDisconnectSecondSaturdays no disconnection on the second Saturday of a month (true)
 * @param noDisconnectSaturdays no disconnection on any Saturday (false)
 * @param disconnectNoticeHours warn the consumer this many hours before a planned disconnection
 *     (24)
 * @param zone the utility's civil time zone ("Asia/Kolkata")
 * @param minimumNoticeHours no automatic disconnection sooner than this after the notice (12), even
 *     when late data shows the grace period already over
 * @param emergencyCreditPaise debt a consumer may run up before automatic disconnection is even
 *     planned, the fixed emergency credit of UK-style meters (0: none; the grace period alone
 *     rules)
 * @param dayOfReminderAt local time from which the reminder goes out on the day a disconnection is
 *     planned, when the notice went out on an earlier day (07:00)
 * @param dailySummaryAt local time of the daily message to every prepaid consumer with the balance
 *     and yesterday's charges (null, the default: no daily message; consumers ask through the
 *     chatbot or the app)
 * @param maxPaymentPaise the largest single recharge accepted (₹2,00,000 = 20,000,000 paise); a
 *     larger one is refused before anything is journalled: no household prepays more, and a typo or
 *     a forged callback must not credit crores
 * @param paymentFutureToleranceMinutes how far a payment's {@code receivedAt} may lie ahead of the
 *     head-end's clock (5): gateways' clocks drift a little, never by days
 * @param contact how consumers reach the utility (helpline, e-mail, website, office hours), shown
 *     by the chatbot's "6" and the self-care API (none: the node's {@code selfcare.contact})
 * @param paymentLinkTemplate the payment gateway's hosted page for this utility, with {@code
 *     {utility}}, {@code {consumerNumber}}, {@code {amountPaise}}, {@code {amountRupees}}
 *     placeholders (see {@link PaymentLinkTemplate}); null: no payment link is offered
 */
public record UtilitySettings(
    List<Integer> alertPercentages,
    Integer daysLeftAlert,
    Integer averageWindowDays,
    Integer graceDays,
    Long reconnectMinimumPaise,
    String defaultLanguage,
    LocalTime disconnectAllowedFrom,
    LocalTime disconnectAllowedUntil,
    Boolean noDisconnectSundays,
    Boolean noDisconnectSecondSaturdays,
    Boolean noDisconnectSaturdays,
    Integer disconnectNoticeHours,
    String zone,
    Integer minimumNoticeHours,
    Long emergencyCreditPaise,
    LocalTime dayOfReminderAt,
    LocalTime dailySummaryAt,
    Long maxPaymentPaise,
    Integer paymentFutureToleranceMinutes,
    UtilityContact contact,
    String paymentLinkTemplate) {

  public static final long DEFAULT_MAX_PAYMENT_PAISE = 20_000_000L;

  public UtilitySettings {
    alertPercentages =
        alertPercentages == null ? List.of(30, 10, 0) : List.copyOf(alertPercentages);
    daysLeftAlert = daysLeftAlert == null ? 3 : daysLeftAlert;
    averageWindowDays = averageWindowDays == null ? 7 : averageWindowDays;
    graceDays = graceDays == null ? 3 : graceDays;
    reconnectMinimumPaise = reconnectMinimumPaise == null ? 0L : reconnectMinimumPaise;
    defaultLanguage = defaultLanguage == null ? "en" : defaultLanguage;
    disconnectAllowedFrom =
        disconnectAllowedFrom == null ? LocalTime.of(8, 0) : disconnectAllowedFrom;
    disconnectAllowedUntil =
        disconnectAllowedUntil == null ? LocalTime.of(18, 0) : disconnectAllowedUntil;
    noDisconnectSundays = noDisconnectSundays == null ? Boolean.TRUE : noDisconnectSundays;
    noDisconnectSecondSaturdays =
        noDisconnectSecondSaturdays == null ? Boolean.TRUE : noDisconnectSecondSaturdays;
    noDisconnectSaturdays = noDisconnectSaturdays == null ? Boolean.FALSE : noDisconnectSaturdays;
    disconnectNoticeHours = disconnectNoticeHours == null ? 24 : disconnectNoticeHours;
    zone = zone == null ? "Asia/Kolkata" : zone;
    minimumNoticeHours = minimumNoticeHours == null ? 12 : minimumNoticeHours;
    emergencyCreditPaise = emergencyCreditPaise == null ? 0L : emergencyCreditPaise;
    dayOfReminderAt = dayOfReminderAt == null ? LocalTime.of(7, 0) : dayOfReminderAt;
    maxPaymentPaise = maxPaymentPaise == null ? DEFAULT_MAX_PAYMENT_PAISE : maxPaymentPaise;
    paymentFutureToleranceMinutes =
        paymentFutureToleranceMinutes == null ? 5 : paymentFutureToleranceMinutes;
    contact = contact == null ? UtilityContact.none() : contact;
    paymentLinkTemplate =
        paymentLinkTemplate == null || paymentLinkTemplate.isBlank()
            ? null
            : new PaymentLinkTemplate(paymentLinkTemplate.trim()).template();
    if (maxPaymentPaise <= 0) {
      throw new IllegalArgumentException("maxPaymentPaise must be positive");
    }
    if (paymentFutureToleranceMinutes < 0) {
      throw new IllegalArgumentException("paymentFutureToleranceMinutes must not be negative");
    }
    if (emergencyCreditPaise < 0) {
      throw new IllegalArgumentException("emergencyCreditPaise must not be negative");
    }
    if (!disconnectAllowedFrom.isBefore(disconnectAllowedUntil)) {
      throw new IllegalArgumentException(
          "disconnectAllowedFrom must be before disconnectAllowedUntil");
    }
  }

  /** The settings as they were before the payment bounds: those take their defaults. */
  public UtilitySettings(
      List<Integer> alertPercentages,
      Integer daysLeftAlert,
      Integer averageWindowDays,
      Integer graceDays,
      Long reconnectMinimumPaise,
      String defaultLanguage,
      LocalTime disconnectAllowedFrom,
      LocalTime disconnectAllowedUntil,
      Boolean noDisconnectSundays,
      Boolean noDisconnectSecondSaturdays,
      Boolean noDisconnectSaturdays,
      Integer disconnectNoticeHours,
      String zone,
      Integer minimumNoticeHours,
      Long emergencyCreditPaise,
      LocalTime dayOfReminderAt,
      LocalTime dailySummaryAt) {
    this(
        alertPercentages,
        daysLeftAlert,
        averageWindowDays,
        graceDays,
        reconnectMinimumPaise,
        defaultLanguage,
        disconnectAllowedFrom,
        disconnectAllowedUntil,
        noDisconnectSundays,
        noDisconnectSecondSaturdays,
        noDisconnectSaturdays,
        disconnectNoticeHours,
        zone,
        minimumNoticeHours,
        emergencyCreditPaise,
        dayOfReminderAt,
        dailySummaryAt,
        null,
        null,
        null,
        null);
  }

  public static UtilitySettings defaults() {
    return new UtilitySettings(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null);
  }

  /**
   * A utility that may disconnect at any hour of any day, without grace or notice, reconnecting at
   * any balance of zero or more: for benches, demos and tests that time the head-end's machinery,
   * not a consumer-protection calendar. No real utility's rules.
   */
  public static UtilitySettings disconnectingAtOnce() {
    return new UtilitySettings(
        List.of(30, 10, 0),
        0,
        7,
        0,
        0L,
        "en",
        LocalTime.MIDNIGHT,
        LocalTime.MAX,
        false,
        false,
        false,
        0,
        "Asia/Kolkata",
        0,
        null,
        null,
        null);
  }

  public UtilitySettings withMaxPayment(long paise) {
    return edit(d -> d.maxPaymentPaise = paise);
  }

  public UtilitySettings withDaysLeftAlert(int days) {
    return edit(d -> d.daysLeftAlert = days);
  }

  public UtilitySettings withGraceDays(int days) {
    return edit(d -> d.graceDays = days);
  }

  public UtilitySettings withEmergencyCredit(long paise) {
    return edit(d -> d.emergencyCreditPaise = paise);
  }

  public UtilitySettings withDailySummaryAt(LocalTime at) {
    return edit(d -> d.dailySummaryAt = at);
  }

  public UtilitySettings withContact(UtilityContact published) {
    return edit(d -> d.contact = published);
  }

  public UtilitySettings withPaymentLinkTemplate(String template) {
    return edit(d -> d.paymentLinkTemplate = template);
  }

  /** The gateway's page for this utility's consumers; empty when none is configured. */
  public Optional<PaymentLinkTemplate> paymentLink() {
    return Optional.ofNullable(paymentLinkTemplate).map(PaymentLinkTemplate::new);
  }

  /**
   * One changed copy: the withers name only what they change, so adding a setting touches the
   * record, {@link Draft} and nothing else.
   */
  private UtilitySettings edit(Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return d.build();
  }

  /** The settings' values, to be changed before a new, validated record is made of them. */
  private static final class Draft {
    List<Integer> alertPercentages;
    Integer daysLeftAlert;
    Integer averageWindowDays;
    Integer graceDays;
    Long reconnectMinimumPaise;
    String defaultLanguage;
    LocalTime disconnectAllowedFrom;
    LocalTime disconnectAllowedUntil;
    Boolean noDisconnectSundays;
    Boolean noDisconnectSecondSaturdays;
    Boolean noDisconnectSaturdays;
    Integer disconnectNoticeHours;
    String zone;
    Integer minimumNoticeHours;
    Long emergencyCreditPaise;
    LocalTime dayOfReminderAt;
    LocalTime dailySummaryAt;
    Long maxPaymentPaise;
    Integer paymentFutureToleranceMinutes;
    UtilityContact contact;
    String paymentLinkTemplate;

    Draft(UtilitySettings s) {
      alertPercentages = s.alertPercentages;
      daysLeftAlert = s.daysLeftAlert;
      averageWindowDays = s.averageWindowDays;
      graceDays = s.graceDays;
      reconnectMinimumPaise = s.reconnectMinimumPaise;
      defaultLanguage = s.defaultLanguage;
      disconnectAllowedFrom = s.disconnectAllowedFrom;
      disconnectAllowedUntil = s.disconnectAllowedUntil;
      noDisconnectSundays = s.noDisconnectSundays;
      noDisconnectSecondSaturdays = s.noDisconnectSecondSaturdays;
      noDisconnectSaturdays = s.noDisconnectSaturdays;
      disconnectNoticeHours = s.disconnectNoticeHours;
      zone = s.zone;
      minimumNoticeHours = s.minimumNoticeHours;
      emergencyCreditPaise = s.emergencyCreditPaise;
      dayOfReminderAt = s.dayOfReminderAt;
      dailySummaryAt = s.dailySummaryAt;
      maxPaymentPaise = s.maxPaymentPaise;
      paymentFutureToleranceMinutes = s.paymentFutureToleranceMinutes;
      contact = s.contact;
      paymentLinkTemplate = s.paymentLinkTemplate;
    }

    UtilitySettings build() {
      return new UtilitySettings(
          alertPercentages,
          daysLeftAlert,
          averageWindowDays,
          graceDays,
          reconnectMinimumPaise,
          defaultLanguage,
          disconnectAllowedFrom,
          disconnectAllowedUntil,
          noDisconnectSundays,
          noDisconnectSecondSaturdays,
          noDisconnectSaturdays,
          disconnectNoticeHours,
          zone,
          minimumNoticeHours,
          emergencyCreditPaise,
          dayOfReminderAt,
          dailySummaryAt,
          maxPaymentPaise,
          paymentFutureToleranceMinutes,
          contact,
          paymentLinkTemplate);
    }
  }
}
