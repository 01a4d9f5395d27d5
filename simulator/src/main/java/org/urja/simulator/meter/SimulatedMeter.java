package org.urja.simulator.meter;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.ActionResult;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemAccessException;
import org.urja.protocol.cosem.DataAccessResult;
import org.urja.protocol.cosem.MethodRef;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.PushLayout;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.profile.CaptureObject;
import org.urja.protocol.server.CosemObjectModel;

/**
 * One simulated smart meter: its registers, relay, block load profile and event log, and the COSEM
 * objects through which the head-end sees them. Every call for one meter comes from one event loop
 * (its connection's), so the state needs no locks.
 */
public final class SimulatedMeter implements CosemObjectModel {
  static final ObisCode LDN = ObisCode.parse("0.0.42.0.0.255");
  static final ObisCode SERIAL = ObisCode.parse("0.0.96.1.0.255");
  static final ObisCode CLOCK = ObisCode.parse("0.0.1.0.0.255");
  static final ObisCode IMPORT = ObisCode.parse("1.0.1.8.0.255");
  static final ObisCode APPARENT = ObisCode.parse("1.0.9.8.0.255");
  static final ObisCode EXPORT = ObisCode.parse("1.0.2.8.0.255");
  static final ObisCode VOLTAGE = ObisCode.parse("1.0.32.7.0.255");
  static final ObisCode CURRENT = ObisCode.parse("1.0.31.7.0.255");
  static final ObisCode POWER = ObisCode.parse("1.0.1.7.0.255");
  static final ObisCode DISCONNECT = ObisCode.parse("0.0.96.3.10.255");
  static final ObisCode BLOCK_LOAD = ObisCode.parse("1.0.99.1.0.255");
  static final ObisCode CAPTURE_PERIOD = ObisCode.parse("1.0.0.8.4.255");
  static final ObisCode EVENT_CODE = ObisCode.parse("0.0.96.11.0.255");
  static final ObisCode DAILY_LOAD = ObisCode.parse("1.0.99.2.0.255");
  static final ObisCode BILLING = ObisCode.parse("1.0.98.1.0.255");

  private final String serial;
  private final MeterModel model;
  private final SimClock clock;
  private final LoadCurve load;
  private final RelayControl relay;
  private final BlockLoadProfile profile;
  private final Queue<Integer> pendingEvents = new ArrayDeque<>();

  /**
   * Midnight register values for 40 days, and twelve months of billing, as IS 15959 meters keep
   * them.
   */
  private final LoggedProfile daily = new LoggedProfile(40);

  private final LoggedProfile billing = new LoggedProfile(13);

  /**
   * Event logs 0.0.99.98.0–6.255, by IS 15959 category (voltage, current, power, transaction,
   * other, non-rollover, control).
   */
  private final LoggedProfile[] eventLogs = new LoggedProfile[7];

  private long interval;
  private long importWh;
  private long apparentVAh;
  private long powerW;
  private long centiVolts = 23000;
  private int lastEventCode;

  public SimulatedMeter(
      String serial,
      MeterModel model,
      SimClock clock,
      long seed,
      int controlMode,
      int profileRows) {
    this.serial = serial;
    this.model = model;
    this.clock = clock;
    this.load = new LoadCurve(seed, model.timeZone());
    this.relay = new RelayControl(controlMode);
    this.profile = new BlockLoadProfile(profileRows);
    for (int i = 0; i < eventLogs.length; i++) {
      eventLogs[i] = new LoggedProfile(100);
    }
    // meters in the field are not new: start the register somewhere plausible, deterministically
    this.importWh = 1_000_000 + Math.floorMod(seed, 9_000_000L);
    this.apparentVAh = importWh + importWh / 20;
  }

  public String serial() {
    return serial;
  }

  public MeterModel model() {
    return model;
  }

  public long interval() {
    return interval;
  }

  public long importWh() {
    return importWh;
  }

  public RelayControl relay() {
    return relay;
  }

  public BlockLoadProfile profile() {
    return profile;
  }

  public Instant now() {
    return clock.intervalEnd(interval);
  }

  /**
   * Runs the meter to the end of interval {@code k}: integrates energy and captures a profile row.
   */
  public void advanceTo(long k) {
    while (interval < k) {
      interval++;
      Instant end = clock.intervalEnd(interval);
      long demand = relay.outputState() ? load.demandWatts(end) : 0;
      long wh = Math.round(demand * clock.hoursPerInterval());
      powerW = demand;
      importWh += wh;
      apparentVAh += wh + wh / 20;
      centiVolts = 22_500 + (long) ((end.getEpochSecond() / 60 + serial.hashCode()) % 1_000);
      profile.capture(
          new BlockLoadProfile.Row(end, centiVolts, milliAmps(), importWh, apparentVAh));
      java.time.ZonedDateTime local = end.atZone(model.timeZone());
      if (local.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
        daily.capture(end, importWh, apparentVAh);
        if (local.getDayOfMonth() == 1) {
          billing.capture(end, importWh, apparentVAh);
        }
      }
    }
  }

  /** The daily load profile (1.0.99.2.0.255): the energy registers at each local midnight. */
  public LoggedProfile dailyProfile() {
    return daily;
  }

  /** The billing profile (1.0.98.1.0.255): the energy registers at each month's start. */
  public LoggedProfile billingProfile() {
    return billing;
  }

  /** Event log {@code 0.0.99.98.index.255}. */
  public LoggedProfile eventLog(int index) {
    return eventLogs[index];
  }

  /**
   * The IS 15959 event log of a code: 1–50 voltage, 51–100 current, 101–150 power, …, 301+ control.
   */
  static int eventLogOf(int code) {
    return Math.min(6, Math.max(0, (code - 1) / 50));
  }

  private long milliAmps() {
    return centiVolts == 0 ? 0 : powerW * 100_000 / centiVolts;
  }

  /**
   * The body of a DataNotification for {@code layout}: one value per push object, as a real meter
   * builds it.
   */
  public DlmsData pushBody(PushLayout layout) {
    List<DlmsData> values = new ArrayList<>(layout.objects().size());
    for (CaptureObject o : layout.objects()) {
      values.add(
          get(new AttributeRef(o.classId(), o.obis(), o.attributeIndex(), Optional.empty())));
    }
    return DlmsData.structure(values);
  }

  /**
   * Takes the next event to report by an alert push, and makes it the event-code object's value.
   */
  public Optional<Integer> nextEvent() {
    Integer code = pendingEvents.poll();
    if (code != null) {
      lastEventCode = code;
    }
    return Optional.ofNullable(code);
  }

  public void raiseEvent(int code) {
    pendingEvents.add(code);
    eventLogs[eventLogOf(code)].capture(now(), code);
  }

  @Override
  public DlmsData get(AttributeRef ref) {
    ObisCode o = ref.obis();
    int attr = ref.attributeId();
    if (attr == 1) {
      return DlmsData.octets(o.toBytes());
    }
    switch (ref.classId()) {
      case 1:
        if (o.equals(SERIAL)) {
          return DlmsData.octets(serial.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        if (o.equals(LDN)) {
          return DlmsData.octets(
              ("URJ" + serial).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        if (o.equals(CAPTURE_PERIOD) && attr == 2) {
          return DlmsData.u32(clock.capturePeriod().toSeconds());
        }
        if (o.equals(EVENT_CODE) && attr == 2) {
          return DlmsData.u16(lastEventCode);
        }
        break;
      case 8:
        if (o.equals(CLOCK) && attr == 2) {
          return dateTime(now());
        }
        break;
      case 3:
        if (attr == 2) {
          return registerValue(o);
        }
        if (attr == 3 && model.registers().containsKey(o)) {
          return model.scaling(o).toData();
        }
        break;
      case 70:
        if (o.equals(DISCONNECT)) {
          if (attr == 2) {
            return DlmsData.bool(relay.outputState());
          }
          if (attr == 3) {
            return DlmsData.enumOf(relay.controlState());
          }
          if (attr == 4) {
            return DlmsData.enumOf(relay.controlMode());
          }
        }
        break;
      case 40:
        if (attr == 2) {
          PushLayout layout = model.pushLayout(o).orElseThrow(() -> undefined(ref));
          return DlmsData.array(layout.objects().stream().map(CaptureObject::toData).toList());
        }
        break;
      case 7:
        if (o.equals(BLOCK_LOAD)) {
          return ProfileAttributes.get(this, ref);
        }
        if (o.equals(DAILY_LOAD) && model.profiles().containsKey(o)) {
          return LoggedProfileAttributes.get(this, daily, ref);
        }
        if (o.equals(BILLING) && model.profiles().containsKey(o)) {
          return LoggedProfileAttributes.get(this, billing, ref);
        }
        if (o.a() == 0
            && o.b() == 0
            && o.c() == 99
            && o.d() == 98
            && o.e() <= 6
            && model.profiles().containsKey(o)) {
          return LoggedProfileAttributes.get(this, eventLogs[o.e()], ref);
        }
        break;
      default:
        break;
    }
    throw undefined(ref);
  }

  private DlmsData registerValue(ObisCode o) {
    BigDecimal value = physical(o, powerW, centiVolts, milliAmps(), importWh, apparentVAh);
    return o.equals(VOLTAGE) ? DlmsData.u16((int) raw(o, value)) : DlmsData.u32(raw(o, value));
  }

  /**
   * A register's physical value (Wh, VAh, V, A, W) from the meter's state; what goes on the wire is
   * this divided by the make's scaler ({@link #raw}), so makes with other scalers send other
   * numbers for the same consumption, as real ones do.
   */
  static BigDecimal physical(
      ObisCode o, long watts, long centiVolts, long milliAmps, long wh, long vah) {
    if (o.equals(IMPORT)) {
      return BigDecimal.valueOf(wh);
    }
    if (o.equals(APPARENT)) {
      return BigDecimal.valueOf(vah);
    }
    if (o.equals(EXPORT)) {
      return BigDecimal.ZERO;
    }
    if (o.equals(VOLTAGE)) {
      return BigDecimal.valueOf(centiVolts, 2);
    }
    if (o.equals(CURRENT)) {
      return BigDecimal.valueOf(milliAmps, 3);
    }
    if (o.equals(POWER)) {
      return BigDecimal.valueOf(watts);
    }
    throw new CosemAccessException(DataAccessResult.OBJECT_UNDEFINED, "no register " + o);
  }

  /**
   * The raw register value of {@code physical} under this make's scaler, rounded as a meter's
   * resolution does.
   */
  long raw(ObisCode o, BigDecimal physical) {
    return physical
        .scaleByPowerOfTen(-model.scaling(o).scaler())
        .setScale(0, RoundingMode.HALF_UP)
        .longValueExact();
  }

  DlmsData dateTime(Instant t) {
    return DlmsData.octets(CosemDateTime.of(t, model.timeZone(), model.deviationSign()).encode());
  }

  SimClock clock() {
    return clock;
  }

  @Override
  public void set(AttributeRef ref, DlmsData value) {
    if (ref.classId() == 70
        && ref.obis().equals(DISCONNECT)
        && ref.attributeId() == 4
        && value instanceof DlmsData.Int i) {
      if (i.value() < 0 || i.value() > 6) {
        // a real meter refuses a mode class 70 does not define rather than take it
        throw new CosemAccessException(
            DataAccessResult.TYPE_UNMATCHED, "control_mode is 0..6, got " + i.value());
      }
      relay.setControlMode((int) i.value());
      return;
    }
    throw new CosemAccessException(
        DataAccessResult.READ_WRITE_DENIED,
        "attribute is read-only: " + ref.obis() + "/" + ref.attributeId());
  }

  @Override
  public Optional<DlmsData> action(MethodRef ref, DlmsData parameters) {
    if (ref.classId() != 70 || !ref.obis().equals(DISCONNECT)) {
      throw new CosemAccessException(
          ActionResult.OBJECT_UNDEFINED, "no method " + ref.methodId() + " on " + ref.obis());
    }
    boolean wasConnected = relay.outputState();
    boolean done =
        switch (ref.methodId()) {
          case 1 -> relay.remoteDisconnect();
          case 2 -> relay.remoteReconnect();
          default ->
              throw new CosemAccessException(
                  ActionResult.OBJECT_UNDEFINED, "class 70 has no method " + ref.methodId());
        };
    if (!done) {
      throw new CosemAccessException(
          ActionResult.READ_WRITE_DENIED,
          "control_mode " + relay.controlMode() + " forbids remote switching");
    }
    if (wasConnected != relay.outputState()) {
      raiseEvent(relay.outputState() ? 302 : 301); // IS 15959: load switch connected / disconnected
    }
    return Optional.empty();
  }

  private static CosemAccessException undefined(AttributeRef ref) {
    return new CosemAccessException(
        DataAccessResult.OBJECT_UNDEFINED,
        "no attribute " + ref.attributeId() + " of class " + ref.classId() + " at " + ref.obis());
  }
}
