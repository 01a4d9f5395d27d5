package org.urja.headend.api.consumption;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.api.ApiClient;
import org.urja.headend.api.ApiClient.Answer;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.store.Submission;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;
import org.urja.protocol.cosem.CosemObjects;

/**
 * One consumer's day in India (it starts at 18:30 UTC), pushed every 15 minutes with the hours
 * around midnight back-filled late: the day's consumption from the raw readings equals the meter's
 * 15-minute, hourly and daily buckets summed, and the account's daily figure, to the Wh, before and
 * after the back-fill.
 */
class ConsumptionAddsUpEndToEndTest extends PostgresTestSupport {
  static final String OPERATOR = "consumption-operator-token";
  static final String SERIAL = "CONS0001";
  static final String ACCOUNT = "ACC-CONS-1";

  /** A meter of no account, for the bucket rules alone. */
  static final String OTHER = "CONS0002";

  static final String OBIS = CosemObjects.ACTIVE_ENERGY_IMPORT.obis().toString();
  static final ZoneId IST = ZoneId.of("Asia/Kolkata");
  static final LocalDate DAY = LocalDate.now(IST).minusDays(3);
  static final Instant DAY_START = DAY.atStartOfDay(IST).toInstant();
  static final Instant DAY_END = DAY.plusDays(1).atStartOfDay(IST).toInstant();

  HeadEnd hes;
  ApiClient api;

  /** Every push the meter made: capture time to register (Wh). */
  final TreeMap<Instant, BigDecimal> pushes = new TreeMap<>();

  @BeforeAll
  void start() throws Exception {
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("store.unknown.meters", "AUTO_REGISTER")
            .with("ingest.clock.tolerance", "P365D")
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("api.operator.tokens", OPERATOR);
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    api = new ApiClient(hes.httpPort());
    hes.prepaid().utilities().register("CONSCO", "Consumption Discom", UtilitySettings.defaults());
    hes.prepaid()
        .tariffs()
        .save(
            new Tariff(
                "CONSCO",
                "LMV-1",
                LocalDate.parse("2020-01-01"),
                List.of(new Slab(null, new BigDecimal("700"))),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                List.of(),
                Rebate.none()));
    hes.prepaid()
        .accounts()
        .open(
            new Account(
                ACCOUNT,
                "CONSCO",
                "Meena",
                "+919800000077",
                "en",
                PaymentMode.POSTPAID,
                "LMV-1",
                new BigDecimal("2"),
                Instant.parse("2020-01-01T00:00:00Z")),
            SERIAL);
    // from six hours before the local day to six after, a push every quarter hour, as meters do
    Random random = new Random(9);
    BigDecimal register = new BigDecimal("1250000");
    for (Instant t = DAY_START.minus(Duration.ofHours(6));
        !t.isAfter(DAY_END.plus(Duration.ofHours(6)));
        t = t.plus(Duration.ofMinutes(15))) {
      pushes.put(t, register);
      register = register.add(BigDecimal.valueOf(20 + random.nextInt(180)));
    }
  }

  @AfterAll
  void stop() {
    hes.close();
  }

  @Test
  void aDaysConsumptionIsTheSameFromRawReadingsAndFromEveryApiThatReportsItBackFilledOrNot()
      throws Exception {
    // the hours around local midnight (18:30 UTC) arrive later than the rest, as a profile read
    // of a meter that was offline stores them
    Predicate<Instant> late =
        t ->
            !t.isBefore(DAY_START.minus(Duration.ofHours(2)))
                && t.isBefore(DAY_START.plus(Duration.ofHours(3)));
    store(SERIAL, t -> !late.test(t));
    assertThat(rawReadings()).hasSizeLessThan(pushes.size());
    BigDecimal before = assertEveryFigureIsTheRawDifference();

    store(SERIAL, late);
    assertThat(rawReadings()).hasSize(pushes.size());
    BigDecimal day = assertEveryFigureIsTheRawDifference();
    assertThat(day).isNotEqualByComparingTo(before);
    // the meter's own counting of the day, from its pushes
    assertThat(day)
        .isEqualByComparingTo(
            pushes.floorEntry(DAY_END).getValue().subtract(pushes.get(DAY_START)));
  }

  @Test
  void aDayWithAMeterReplacedAtNoonAddsEachMetersShareWhileItWasTheAccounts() throws Exception {
    hes.prepaid()
        .accounts()
        .open(
            new Account(
                "ACC-CONS-2",
                "CONSCO",
                "Ravi",
                "+919800000078",
                "en",
                PaymentMode.POSTPAID,
                "LMV-1",
                new BigDecimal("2"),
                Instant.parse("2020-01-01T00:00:00Z")),
            "CONS0003");
    Instant noon = DAY_START.plus(Duration.ofHours(12));
    hes.prepaid().accounts().replaceMeter("ACC-CONS-2", "CONS0004", noon);
    // the old meter keeps counting after it left the account (on the bench); the new one starts
    // at a register of its own
    store("CONS0003", t -> true);
    List<Reading> fresh = new ArrayList<>();
    BigDecimal newRegister = new BigDecimal("40");
    for (Instant t = noon.plus(Duration.ofMinutes(15));
        t.isBefore(DAY_END.plus(Duration.ofHours(1)));
        t = t.plus(Duration.ofMinutes(15))) {
      fresh.add(
          new Reading("CONS0004", CosemObjects.ACTIVE_ENERGY_IMPORT.obis(), t, newRegister, "Wh"));
      newRegister = newRegister.add(BigDecimal.valueOf(75));
    }
    hes.writer().submit(Submission.ofReadings(fresh)).get();

    BigDecimal oldShare = pushes.floorEntry(noon).getValue().subtract(pushes.get(DAY_START));
    // the new meter from its first reading (its baseline) to the day's end: 47 quarter hours
    BigDecimal newShare = BigDecimal.valueOf(75L * 47);
    JsonNode days =
        api.get(OPERATOR, "/api/accounts/ACC-CONS-2/consumption?days=5").json().get("days");
    JsonNode day = null;
    for (JsonNode d : days) {
      if (d.get("day").asText().equals(DAY.toString())) {
        day = d;
      }
    }
    assertThat(day).isNotNull();
    assertThat(day.get("wh").decimalValue()).isEqualByComparingTo(oldShare.add(newShare));
  }

  @Test
  void aPostpaidBillForLastMonthCountsTheKwhOfTheAccountsMonth() throws Exception {
    hes.prepaid()
        .accounts()
        .open(
            new Account(
                "ACC-CONS-3",
                "CONSCO",
                "Lata",
                "+919800000079",
                "en",
                PaymentMode.POSTPAID,
                "LMV-1",
                new BigDecimal("2"),
                Instant.parse("2020-01-01T00:00:00Z")),
            "CONS0005");
    YearMonth last = YearMonth.now(IST).minusMonths(1);
    Instant start = last.atDay(1).atStartOfDay(IST).toInstant();
    Instant end = last.plusMonths(1).atDay(1).atStartOfDay(IST).toInstant();
    // hourly on the UTC hour, so neither local midnight (18:30 UTC) falls on a reading
    TreeMap<Instant, BigDecimal> register = new TreeMap<>();
    List<Reading> hourly = new ArrayList<>();
    BigDecimal wh = new BigDecimal("730000");
    Random random = new Random(11);
    for (Instant t = start.minus(Duration.ofHours(5)).truncatedTo(ChronoUnit.HOURS);
        t.isBefore(end.plus(Duration.ofHours(5)));
        t = t.plus(Duration.ofHours(1))) {
      register.put(t, wh);
      hourly.add(new Reading("CONS0005", CosemObjects.ACTIVE_ENERGY_IMPORT.obis(), t, wh, "Wh"));
      wh = wh.add(BigDecimal.valueOf(100 + random.nextInt(900)));
    }
    hes.writer().submit(Submission.ofReadings(hourly)).get();
    BigDecimal truth = difference(register, start, end);

    assertThat(
            api.put(
                    OPERATOR,
                    "/api/utilities/CONSCO/billing",
                    "{\"dueDays\":15,\"latePaymentPercent\":2}")
                .status())
        .isEqualTo(200);
    Answer run = api.post(OPERATOR, "/api/bills/run", "{\"month\":\"" + last + "\"}");
    assertThat(run.status()).isEqualTo(200);
    JsonNode bill = api.get(OPERATOR, "/api/accounts/ACC-CONS-3/bills").json().at("/bills/0");
    assertThat(bill.get("kwh").decimalValue()).isEqualByComparingTo(truth.movePointLeft(3));

    JsonNode months =
        api.get(OPERATOR, "/api/accounts/ACC-CONS-3/consumption?by=month&months=2")
            .json()
            .get("months");
    assertThat(months.get(0).get("month").asText()).isEqualTo(last.atDay(1).toString());
    assertThat(months.get(0).get("wh").decimalValue()).isEqualByComparingTo(truth);
    assertThat(months.get(0).get("kwh").decimalValue())
        .isEqualByComparingTo(bill.get("kwh").decimalValue());
  }

  @Test
  void aQuarterHoursDeltaIsTheRegistersDifferenceToTheNextPushNotZero() throws Exception {
    store(OTHER, t -> true);
    Instant t = DAY_START.plus(Duration.ofHours(5));
    JsonNode buckets =
        api.get(OPERATOR, meterBuckets(OTHER, "15m", t, t.plus(Duration.ofMinutes(30)))).json();
    assertThat(buckets.at("/items")).hasSize(2);
    JsonNode first = buckets.at("/items/0");
    assertThat(first.get("samples").asLong()).isEqualTo(1);
    assertThat(first.get("bucket").asText()).isEqualTo(t.toString());
    assertThat(first.get("delta").decimalValue())
        .isEqualByComparingTo(pushes.get(t.plus(Duration.ofMinutes(15))).subtract(pushes.get(t)))
        .isPositive();
    assertThat(first.at("/deltaTo/ts").asText())
        .isEqualTo(t.plus(Duration.ofMinutes(15)).toString());
  }

  @Test
  void aBucketBeforeTheMetersFirstReadingHasNoDelta() throws Exception {
    store(OTHER, t -> true);
    Instant first = pushes.firstKey();
    JsonNode items =
        api.get(OPERATOR, meterBuckets(OTHER, "1h", first.minus(Duration.ofHours(2)), first))
            .json()
            .at("/items");
    assertThat(items).hasSize(2);
    assertThat(items.get(0).get("delta").isNull()).isTrue();
    assertThat(items.get(0).get("samples").asLong()).isZero();
  }

  /** Checks every figure against the raw readings as stored now; returns the day's Wh. */
  private BigDecimal assertEveryFigureIsTheRawDifference() throws Exception {
    TreeMap<Instant, BigDecimal> raw = rawReadings();
    BigDecimal truth = difference(raw, DAY_START, DAY_END);

    assertThat(sumOfDeltas("15m", 96)).isEqualByComparingTo(truth);
    assertThat(sumOfDeltas("1h", 24)).isEqualByComparingTo(truth);
    assertThat(sumOfDeltas("1d", 1)).isEqualByComparingTo(truth);

    Answer consumption = api.get(OPERATOR, "/api/accounts/" + ACCOUNT + "/consumption?days=5");
    assertThat(consumption.status()).isEqualTo(200);
    assertThat(consumption.json().get("zone").asText()).isEqualTo("Asia/Kolkata");
    JsonNode day = null;
    for (JsonNode d : consumption.json().get("days")) {
      if (d.get("day").asText().equals(DAY.toString())) {
        day = d;
      }
    }
    assertThat(day).as("the day in the account's figures").isNotNull();
    assertThat(day.get("start").asText()).isEqualTo(DAY_START.toString());
    assertThat(day.get("wh").decimalValue()).isEqualByComparingTo(truth);
    assertThat(day.get("kwh").decimalValue())
        .isEqualByComparingTo(truth.movePointLeft(3).setScale(3, java.math.RoundingMode.HALF_UP));

    // the month the day is in, from its local first to the next's (readings of no other month)
    LocalDate month = DAY.withDayOfMonth(1);
    JsonNode months =
        api.get(OPERATOR, "/api/accounts/" + ACCOUNT + "/consumption?by=month&months=2")
            .json()
            .get("months");
    assertThat(months).hasSize(2);
    JsonNode thisMonth =
        months.get(1).get("month").asText().equals(month.toString())
            ? months.get(1)
            : months.get(0);
    assertThat(thisMonth.get("month").asText()).isEqualTo(month.toString());
    assertThat(thisMonth.get("wh").decimalValue())
        .isEqualByComparingTo(
            difference(
                raw,
                month.atStartOfDay(IST).toInstant(),
                month.plusMonths(1).atStartOfDay(IST).toInstant()));
    return truth;
  }

  /**
   * The register's difference over {@code [from, to)} from raw readings: the last at or before each
   * end, the first reading standing in for a start before it.
   */
  private static BigDecimal difference(TreeMap<Instant, BigDecimal> raw, Instant from, Instant to) {
    var start = raw.floorEntry(from);
    BigDecimal atStart = start != null ? start.getValue() : raw.firstEntry().getValue();
    return raw.floorEntry(to).getValue().subtract(atStart);
  }

  private BigDecimal sumOfDeltas(String interval, int buckets) throws Exception {
    Answer a = api.get(OPERATOR, meterBuckets(SERIAL, interval, DAY_START, DAY_END) + "&limit=500");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get("items")).hasSize(buckets);
    assertThat(a.json().at("/items/0/bucket").asText()).isEqualTo(DAY_START.toString());
    BigDecimal sum = BigDecimal.ZERO;
    for (JsonNode b : a.json().get("items")) {
      sum = sum.add(b.get("delta").decimalValue());
    }
    return sum;
  }

  private static String meterBuckets(String serial, String interval, Instant from, Instant to) {
    return "/api/meters/"
        + serial
        + "/readings?obis="
        + OBIS
        + "&interval="
        + interval
        + "&from="
        + from
        + "&to="
        + to;
  }

  /** The stored register, page by page through the raw readings route. */
  private TreeMap<Instant, BigDecimal> rawReadings() throws Exception {
    TreeMap<Instant, BigDecimal> out = new TreeMap<>();
    int offset = 0;
    while (true) {
      JsonNode page =
          api.get(
                  OPERATOR,
                  "/api/meters/"
                      + SERIAL
                      + "/readings?obis="
                      + OBIS
                      + "&from="
                      + DAY_START.minus(Duration.ofDays(1))
                      + "&to="
                      + DAY_END.plus(Duration.ofDays(1))
                      + "&limit=500&offset="
                      + offset)
              .json();
      for (JsonNode r : page.get("items")) {
        out.put(Instant.parse(r.get("ts").asText()), r.get("value").decimalValue());
      }
      if (page.get("nextOffset").isNull()) {
        return out;
      }
      offset = page.get("nextOffset").asInt();
    }
  }

  private void store(String serial, Predicate<Instant> which) throws Exception {
    List<Reading> readings = new ArrayList<>();
    pushes.forEach(
        (t, wh) -> {
          if (which.test(t)) {
            readings.add(
                new Reading(serial, CosemObjects.ACTIVE_ENERGY_IMPORT.obis(), t, wh, "Wh"));
          }
        });
    hes.writer().submit(Submission.ofReadings(readings)).get();
  }
}
