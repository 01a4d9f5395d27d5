package org.urja.ingest.push;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.PushLayout;
import org.urja.protocol.model.RegisterScaling;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.profile.CaptureObject;

/**
 * Turns a DataNotification into readings and events by the push setup's push_object_list of the
 * meter's model. This is where a pushed value becomes a row.
 *
 * <p>The layout is chosen by the first value, which by IS 15959 practice is the push setup's own
 * logical name; the capture time is the pushed clock value, else the notification's date-time, else
 * the time it was received.
 */
public final class PushDecoder {
  private static final ObisCode SERIAL = ObisCode.parse("0.0.96.1.0.255");
  private static final ObisCode LOGICAL_DEVICE_NAME = ObisCode.parse("0.0.42.0.0.255");
  private static final ObisCode CLOCK = ObisCode.parse("0.0.1.0.0.255");

  public DecodedPush decode(
      DataNotification n, MeterModel model, Optional<String> knownSerial, Instant receivedAt) {
    if (!(n.body() instanceof DlmsData.Composite body) || body.size() == 0) {
      throw new PushDecodeException("push body is not a structure of values: " + n.body().type());
    }
    PushLayout layout = layoutOf(body, model);
    if (layout.objects().size() != body.size()) {
      throw new PushDecodeException(
          "push '"
              + layout.name()
              + "' of model "
              + model.name()
              + " has "
              + layout.objects().size()
              + " objects but the notification carries "
              + body.size()
              + " values");
    }
    String serial = knownSerial.orElse(null);
    Instant ts = n.dateTime().map(dt -> toInstant(dt, model)).orElse(receivedAt);
    for (int i = 0; i < body.size(); i++) {
      CaptureObject o = layout.objects().get(i);
      if (o.classId() == 1 && (o.obis().equals(SERIAL) || o.obis().equals(LOGICAL_DEVICE_NAME))) {
        serial = text(body.get(i), o);
      } else if (o.classId() == 8 && o.obis().equals(CLOCK) && o.attributeIndex() == 2) {
        ts = toInstant(dateTime(body.get(i)), model);
      }
    }
    if (serial == null || serial.isBlank()) {
      throw new UnidentifiedPushException(layout.name());
    }
    List<Reading> readings = new ArrayList<>();
    List<MeterEvent> events = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      CaptureObject o = layout.objects().get(i);
      DlmsData v = body.get(i);
      if (isEventCode(o)) {
        events.add(new MeterEvent(serial, (int) integer(v, o), ts, "push:" + o.obis()));
      } else if ((o.classId() == 3 || o.classId() == 4) && o.attributeIndex() == 2) {
        readings.add(
            new Reading(
                serial,
                o.obis(),
                ts,
                scaled(v, model.scaling(o.obis()), o),
                model.scaling(o.obis()).unit().symbol()));
      } else if (o.classId() == 70 && o.attributeIndex() == 2 && v instanceof DlmsData.Bool b) {
        // the relay's output_state is stored as a reading so operators see it next to consumption
        readings.add(
            new Reading(serial, o.obis(), ts, b.value() ? BigDecimal.ONE : BigDecimal.ZERO, ""));
      }
    }
    return new DecodedPush(serial, layout.name(), readings, events);
  }

  private static PushLayout layoutOf(DlmsData.Composite body, MeterModel model) {
    if (body.get(0) instanceof DlmsData.Octets ln && ln.length() == 6) {
      ObisCode setup = ObisCode.fromBytes(ln.value());
      return model
          .pushLayout(setup)
          .orElseThrow(
              () ->
                  new PushDecodeException(
                      "meter model " + model.name() + " has no push setup " + setup));
    }
    if (model.pushes().size() == 1) {
      return model.pushes().get(0);
    }
    throw new PushDecodeException(
        "push does not start with its push setup's logical name and model "
            + model.name()
            + " has several layouts");
  }

  private static boolean isEventCode(CaptureObject o) {
    return o.classId() == 1 && o.obis().a() == 0 && o.obis().c() == 96 && o.obis().d() == 11;
  }

  private static Instant toInstant(CosemDateTime dt, MeterModel model) {
    try {
      return dt.toInstant(model.deviationSign(), model.timeZone());
    } catch (AxdrException e) {
      throw new PushDecodeException("push clock is not usable: " + e.getMessage());
    }
  }

  private static CosemDateTime dateTime(DlmsData v) {
    if (v instanceof DlmsData.Octets o && o.length() == CosemDateTime.LENGTH) {
      return CosemDateTime.decode(o.value());
    }
    throw new PushDecodeException("clock value is not a 12-byte date-time: " + v);
  }

  private static String text(DlmsData v, CaptureObject o) {
    return DlmsData.textOf(v)
        .orElseThrow(
            () -> new PushDecodeException(o.obis() + " should be a string, got " + v.type()));
  }

  private static long integer(DlmsData v, CaptureObject o) {
    if (v instanceof DlmsData.Int i) {
      return i.value();
    }
    throw new PushDecodeException(o.obis() + " should be an integer, got " + v.type());
  }

  private static BigDecimal scaled(DlmsData v, RegisterScaling s, CaptureObject o) {
    return ReadingValues.bounded(unbounded(v, s, o), o.obis().toString());
  }

  private static BigDecimal unbounded(DlmsData v, RegisterScaling s, CaptureObject o) {
    if (v instanceof DlmsData.Int i) {
      return s.apply(i);
    }
    if (v instanceof DlmsData.Float32 f) {
      return new BigDecimal(Float.toString((float) finite(f.value(), o)))
          .scaleByPowerOfTen(s.scaler());
    }
    if (v instanceof DlmsData.Float64 f) {
      return new BigDecimal(Double.toString(finite(f.value(), o))).scaleByPowerOfTen(s.scaler());
    }
    throw new PushDecodeException(o.obis() + " should be a number, got " + v.type());
  }

  private static double finite(double v, CaptureObject o) {
    if (!Double.isFinite(v)) {
      throw new PushDecodeException(o.obis() + " is " + v + ", not a reading");
    }
    return v;
  }
}
