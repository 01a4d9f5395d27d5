package org.urja.ingest.layout;

import java.util.List;

/** A meter model name the head-end has no model file for. */
public class UnknownModelException extends IllegalArgumentException {
  private final List<String> known;

  public UnknownModelException(String name, List<String> known) {
    super("unknown meter model '" + name + "'; known models: " + String.join(", ", known));
    this.known = List.copyOf(known);
  }

  public List<String> known() {
    return known;
  }
}
