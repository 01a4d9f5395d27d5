package org.urja.ingest.push;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.urja.ingest.identity.MeterSerials;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.model.MeterModel;

/**
 * The first push of a connection whose meter is not known yet, when the default model does not fit
 * it: the serial it claims is read by each candidate layout, and the push is accepted only if that
 * serial's own model (its model file, overlaid with what the meter said of itself) decodes it and
 * finds the same serial there. So a meter of another make that the head-end already knows is
 * identified from its push alone, without a DLMS question over a connection that, in an
 * outage-restoration storm, carries thousands of others; and no push is ever decoded by a layout
 * its meter's own model does not give.
 */
public final class ClaimedSerial {
  private final PushDecoder decoder;
  private final MeterModelResolver models;

  public ClaimedSerial(PushDecoder decoder, MeterModelResolver models) {
    this.decoder = decoder;
    this.models = models;
  }

  /** The push decoded by the own model of the meter it claims; empty if no candidate fits. */
  public Optional<DecodedPush> decode(DataNotification n, Instant receivedAt) {
    Set<String> tried = new HashSet<>();
    for (MeterModel candidate : models.candidates()) {
      String claimed;
      try {
        claimed = decoder.decode(n, candidate, Optional.empty(), receivedAt).meterSerial();
      } catch (PushDecodeException | AxdrException e) {
        continue;
      }
      if (MeterSerials.problem(claimed).isPresent() || !tried.add(claimed)) {
        continue;
      }
      try {
        DecodedPush own = decoder.decode(n, models.modelFor(claimed), Optional.empty(), receivedAt);
        if (claimed.equals(own.meterSerial())) {
          return Optional.of(own);
        }
      } catch (PushDecodeException | AxdrException e) {
        // the serial's own model does not fit this push: the meter must be asked
      }
    }
    return Optional.empty();
  }
}
