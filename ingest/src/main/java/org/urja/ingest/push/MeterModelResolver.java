package org.urja.ingest.push;

import org.urja.protocol.model.MeterModel;

/** Which object model a meter follows; null serial means "not identified yet". */
@FunctionalInterface
public interface MeterModelResolver {
  MeterModel modelFor(String serialOrNull);
}
