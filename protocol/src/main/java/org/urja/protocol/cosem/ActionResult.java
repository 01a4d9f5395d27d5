package org.urja.protocol.cosem;

/** Action-Result of ACTION responses (IEC 62056-5-3). */
public enum ActionResult {
  SUCCESS(0),
  HARDWARE_FAULT(1),
  TEMPORARY_FAILURE(2),
  READ_WRITE_DENIED(3),
  OBJECT_UNDEFINED(4),
  OBJECT_CLASS_INCONSISTENT(9),
  OBJECT_UNAVAILABLE(11),
  TYPE_UNMATCHED(12),
  SCOPE_OF_ACCESS_VIOLATED(13),
  DATA_BLOCK_UNAVAILABLE(14),
  LONG_ACTION_ABORTED(15),
  NO_LONG_ACTION_IN_PROGRESS(16),
  OTHER_REASON(250);

  private final int code;

  ActionResult(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static ActionResult of(int code) {
    for (ActionResult r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    return OTHER_REASON;
  }
}
