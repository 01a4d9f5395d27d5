package org.urja.headend.reads;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;
import org.urja.protocol.cosem.CosemObject;
import org.urja.protocol.cosem.CosemObjects;

/**
 * The profiles the head-end reads from a meter, by their API and schedule name. Event logs are
 * seven profile objects (0.0.99.98.0–6.255) read together.
 */
public enum ProfileKind {
  BLOCK_LOAD(List.of(CosemObjects.BLOCK_LOAD_PROFILE)),
  DAILY_LOAD(List.of(CosemObjects.DAILY_LOAD_PROFILE)),
  BILLING(List.of(CosemObjects.BILLING_PROFILE)),
  EVENTS(IntStream.rangeClosed(0, 6).mapToObj(CosemObjects::eventLog).toList());

  private final List<CosemObject> objects;

  ProfileKind(List<CosemObject> objects) {
    this.objects = objects;
  }

  public List<CosemObject> objects() {
    return objects;
  }

  /** "block_load", "daily_load", "billing", "events". */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ProfileKind> fromWire(String s) {
    for (ProfileKind k : values()) {
      if (k.wire().equals(s)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
