package org.urja.protocol.model;

import org.urja.protocol.profile.CaptureObject;

import java.util.List;
import org.urja.protocol.obis.ObisCode;

/**
 * What one push setup of a meter model sends: the push setup's logical name and its
 * push_object_list. A DataNotification body is a structure with one value per entry, in order.
 */
public record PushLayout(String name, ObisCode pushSetup, List<CaptureObject> objects) {
  public PushLayout {
    objects = List.copyOf(objects);
  }
}
