package org.urja.protocol.axdr;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The 12-byte COSEM date-time: year(2) month day day-of-week hour minute second hundredths
 * deviation(2, signed minutes) clock-status. 0xFF / 0xFFFF mean "not specified".
 *
 * <p>The sign of the deviation is a known trap. The Blue Book defines it as minutes from local time
 * to UTC (UTC = local + deviation, so IST is -330); many meters send the opposite (+330). Which one
 * a meter model uses is configuration ({@link DeviationSign}), not guessed here.
 */
public record CosemDateTime(
    int year,
    int month,
    int day,
    int dayOfWeek,
    int hour,
    int minute,
    int second,
    int hundredths,
    int deviation,
    int clockStatus) {

  public static final int DEVIATION_NOT_SPECIFIED = 0x8000;
  public static final int LENGTH = 12;

  /** How a meter model fills the deviation field. */
  public enum DeviationSign {
    /** IEC 62056-6-2: UTC = local time + deviation (IST = -330). */
    STANDARD,
    /** Common in the field: local time = UTC + deviation (IST = +330). */
    INVERTED
  }

  public static CosemDateTime decode(byte[] b) {
    if (b.length != LENGTH) {
      throw new AxdrException("a COSEM date-time is 12 bytes, got " + b.length);
    }
    int dev = (short) (((b[9] & 0xFF) << 8) | (b[10] & 0xFF));
    int rawDev = ((b[9] & 0xFF) << 8) | (b[10] & 0xFF);
    return new CosemDateTime(
        ((b[0] & 0xFF) << 8) | (b[1] & 0xFF),
        b[2] & 0xFF,
        b[3] & 0xFF,
        b[4] & 0xFF,
        b[5] & 0xFF,
        b[6] & 0xFF,
        b[7] & 0xFF,
        b[8] & 0xFF,
        rawDev == DEVIATION_NOT_SPECIFIED ? DEVIATION_NOT_SPECIFIED : dev,
        b[11] & 0xFF);
  }

  public byte[] encode() {
    int dev = deviation & 0xFFFF;
    return new byte[] {
      (byte) (year >>> 8),
      (byte) year,
      (byte) month,
      (byte) day,
      (byte) dayOfWeek,
      (byte) hour,
      (byte) minute,
      (byte) second,
      (byte) hundredths,
      (byte) (dev >>> 8),
      (byte) dev,
      (byte) clockStatus
    };
  }

  /**
   * Encodes an instant as a meter in {@code zone} would, with the deviation written in the given
   * sign convention.
   */
  public static CosemDateTime of(Instant t, ZoneId zone, DeviationSign sign) {
    ZonedDateTime z = t.atZone(zone);
    int offsetMin = z.getOffset().getTotalSeconds() / 60;
    int dev = sign == DeviationSign.STANDARD ? -offsetMin : offsetMin;
    return new CosemDateTime(
        z.getYear(),
        z.getMonthValue(),
        z.getDayOfMonth(),
        z.getDayOfWeek().getValue(),
        z.getHour(),
        z.getMinute(),
        z.getSecond(),
        z.getNano() / 10_000_000,
        dev,
        0);
  }

  public boolean deviationSpecified() {
    return deviation != DEVIATION_NOT_SPECIFIED;
  }

  /**
   * The instant this date-time denotes. When the meter did not say its deviation, the local time is
   * read in {@code fallbackZone} (the utility's zone).
   */
  public Instant toInstant(DeviationSign sign, ZoneId fallbackZone) {
    if (year == 0xFFFF || month == 0xFF || day == 0xFF || hour == 0xFF || minute == 0xFF) {
      throw new AxdrException(
          "date-time has unspecified fields and is not a point in time: " + this);
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) {
      throw new AxdrException("date-time out of range: " + this);
    }
    int s = second == 0xFF ? 0 : second;
    int h = hundredths == 0xFF ? 0 : hundredths;
    LocalDateTime local;
    try {
      local =
          LocalDateTime.of(
              year, month, day, hour, minute, Math.min(s, 59), Math.min(h, 99) * 10_000_000);
    } catch (DateTimeException e) {
      // 31 February, or hundredths of 100..254: a date-time the wire allows and the calendar does
      // not
      throw new AxdrException("date-time is not a valid calendar time: " + this);
    }
    if (!deviationSpecified()) {
      return local.atZone(fallbackZone).toInstant();
    }
    if (deviation < -720 || deviation > 840) {
      throw new AxdrException("date-time deviation out of range: " + deviation);
    }
    int offsetMinutes = sign == DeviationSign.STANDARD ? -deviation : deviation;
    return local.toInstant(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
  }
}
