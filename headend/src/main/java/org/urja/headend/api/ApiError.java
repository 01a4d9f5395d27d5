package org.urja.headend.api;

/** A JSON error with a stable code, a message people can act on, and the field at fault if any. */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;
  private final String field;

  public ApiError(int status, String code, String message, String field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  public static ApiError badField(String field, String message) {
    return new ApiError(400, "invalid_field", message, field);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }
}
