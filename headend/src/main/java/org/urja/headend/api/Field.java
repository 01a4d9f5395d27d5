package org.urja.headend.api;

/**
 * One field of a route's JSON body as {@code /openapi.json} describes it.
 *
 * @param type a JSON schema type ({@code string}, {@code integer}, {@code number}, {@code boolean},
 *     {@code object}, {@code array}) or one of the string formats {@code date} and {@code
 *     date-time}
 */
public record Field(String name, String type, boolean required, String description) {

  public static Field required(String name, String type) {
    return new Field(name, type, true, null);
  }

  public static Field optional(String name, String type) {
    return new Field(name, type, false, null);
  }

  public Field about(String text) {
    return new Field(name, type, required, text);
  }
}
