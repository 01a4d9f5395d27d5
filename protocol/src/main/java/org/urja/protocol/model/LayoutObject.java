package org.urja.protocol.model;

/** The three things a head-end learns from a meter about its own object model. */
public enum LayoutObject {
  /** Push setup (class 40), attribute 2. */
  PUSH_OBJECT_LIST(40, 2),
  /** Register (class 3), attribute 3. */
  SCALER_UNIT(3, 3),
  /** Profile generic (class 7), attribute 3. */
  CAPTURE_OBJECTS(7, 3);

  private final int classId;
  private final int attribute;

  LayoutObject(int classId, int attribute) {
    this.classId = classId;
    this.attribute = attribute;
  }

  public int classId() {
    return classId;
  }

  public int attribute() {
    return attribute;
  }

  /**
   * The name stored and shown to operators: {@code push_object_list}, {@code scaler_unit}, {@code
   * capture_objects}.
   */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static LayoutObject ofKey(String key) {
    return valueOf(key.toUpperCase(java.util.Locale.ROOT));
  }
}
