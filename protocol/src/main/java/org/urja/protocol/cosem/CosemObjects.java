package org.urja.protocol.cosem;

import static org.urja.protocol.cosem.InterfaceClass.*;

import java.util.List;

/**
 * The objects of IS 15959-2 / IEC 62056 that the head-end uses. Makes differ in details (capture
 * objects, push lists); those differences live in meter-model data, not here.
 */
public final class CosemObjects {
  private CosemObjects() {}

  public static final CosemObject CLOCK =
      CosemObject.of(InterfaceClass.CLOCK, "0.0.1.0.0.255", "Clock");
  public static final CosemObject LOGICAL_DEVICE_NAME =
      CosemObject.of(DATA, "0.0.42.0.0.255", "Logical device name");
  public static final CosemObject SERIAL_NUMBER =
      CosemObject.of(DATA, "0.0.96.1.0.255", "Meter serial number");
  public static final CosemObject ACTIVE_ENERGY_IMPORT =
      CosemObject.of(REGISTER, "1.0.1.8.0.255", "Active energy import, cumulative (Wh)");
  public static final CosemObject APPARENT_ENERGY_IMPORT =
      CosemObject.of(REGISTER, "1.0.9.8.0.255", "Apparent energy import, cumulative (VAh)");
  public static final CosemObject ACTIVE_ENERGY_EXPORT =
      CosemObject.of(REGISTER, "1.0.2.8.0.255", "Active energy export, cumulative (Wh)");
  public static final CosemObject VOLTAGE_L1 =
      CosemObject.of(REGISTER, "1.0.32.7.0.255", "Voltage L1 (V)");
  public static final CosemObject CURRENT_L1 =
      CosemObject.of(REGISTER, "1.0.31.7.0.255", "Current L1 (A)");
  public static final CosemObject ACTIVE_POWER_IMPORT =
      CosemObject.of(REGISTER, "1.0.1.7.0.255", "Active power import (W)");
  public static final CosemObject INSTANTANEOUS_PROFILE =
      CosemObject.of(PROFILE_GENERIC, "1.0.94.91.0.255", "Instantaneous profile");
  public static final CosemObject INSTANTANEOUS_SCALER_PROFILE =
      CosemObject.of(PROFILE_GENERIC, "1.0.94.91.3.255", "Instantaneous scaler profile");
  public static final CosemObject BLOCK_LOAD_PROFILE =
      CosemObject.of(PROFILE_GENERIC, "1.0.99.1.0.255", "Block load profile");
  public static final CosemObject BLOCK_LOAD_CAPTURE_PERIOD =
      CosemObject.of(DATA, "1.0.0.8.4.255", "Block load capture period (s)");
  public static final CosemObject DAILY_LOAD_PROFILE =
      CosemObject.of(PROFILE_GENERIC, "1.0.99.2.0.255", "Daily load profile");
  public static final CosemObject BILLING_PROFILE =
      CosemObject.of(PROFILE_GENERIC, "1.0.98.1.0.255", "Billing profile");
  public static final CosemObject DISCONNECT_CONTROL =
      CosemObject.of(InterfaceClass.DISCONNECT_CONTROL, "0.0.96.3.10.255", "Disconnect control");
  public static final CosemObject LOAD_LIMIT =
      CosemObject.of(LIMITER, "0.0.17.0.0.255", "Load limit");
  public static final CosemObject PUSH_SETUP_INSTANT =
      CosemObject.of(PUSH_SETUP, "0.0.25.9.0.255", "Push setup (instant)");
  public static final CosemObject PUSH_SETUP_ALERT =
      CosemObject.of(PUSH_SETUP, "0.4.25.9.0.255", "Push setup (alert)");
  public static final CosemObject EVENT_STATUS_WORD =
      CosemObject.of(DATA, "0.0.94.91.18.255", "Event status word");

  /** Event code of the most recent event in a log; pushed by alert push setups. */
  public static final CosemObject EVENT_CODE =
      CosemObject.of(DATA, "0.0.96.11.0.255", "Event code");

  public static final CosemObject PREPAYMENT_CURRENT_BALANCE =
      CosemObject.of(REGISTER, "0.0.94.96.24.255", "Prepayment current balance (meter-side)");

  /**
   * Event logs 0.0.99.98.0–6.255: voltage, current, power, transaction, other, non-rollover,
   * control.
   */
  public static CosemObject eventLog(int e) {
    if (e < 0 || e > 6) {
      throw new IllegalArgumentException("event log index must be 0..6, got " + e);
    }
    return CosemObject.of(PROFILE_GENERIC, "0.0.99.98." + e + ".255", "Event log " + e);
  }

  /** ToD tier register 1.0.1.8.x.255. */
  public static CosemObject todTier(int tier) {
    return CosemObject.of(
        REGISTER, "1.0.1.8." + tier + ".255", "Active energy import, tier " + tier);
  }

  public static List<CosemObject> energyRegisters() {
    return List.of(ACTIVE_ENERGY_IMPORT, APPARENT_ENERGY_IMPORT, ACTIVE_ENERGY_EXPORT);
  }

  /** Attributes and methods of class 70 (Disconnect control). */
  public static final class Disconnect {
    private Disconnect() {}

    public static final int ATTR_OUTPUT_STATE = 2;
    public static final int ATTR_CONTROL_STATE = 3;
    public static final int ATTR_CONTROL_MODE = 4;
    public static final int METHOD_REMOTE_DISCONNECT = 1;
    public static final int METHOD_REMOTE_RECONNECT = 2;
  }
}
