package org.urja.ingest.push;

import java.util.List;
import org.urja.protocol.model.MeterModel;

/** Which object model a meter follows; null serial means "not identified yet". */
@FunctionalInterface
public interface MeterModelResolver {
  MeterModel modelFor(String serialOrNull);

  /**
   * Models a push of a meter not identified yet may follow, tried only to find the serial it claims
   * (the push is then decoded by that serial's own model, never by a candidate): every model file,
   * and layouts meters said of themselves.
   */
  default List<MeterModel> candidates() {
    return List.of(modelFor(null));
  }
}
