package org.urja.protocol.model;

import java.util.List;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.profile.CaptureObject;

/**
 * What one push setup of a meter model sends: the push setup's logical name and its
 * push_object_list. A DataNotification body is a structure with one value per entry, in order.
 */
public record PushLayout(String name, ObisCode pushSetup, List<CaptureObject> objects) {
  public PushLayout {
    objects = List.copyOf(objects);
  }
}
