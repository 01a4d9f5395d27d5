package org.urja.protocol.model;

import org.urja.protocol.obis.ObisCode;

/**
 * One object where a meter and its model disagree, values in {@link LayoutJson} form. A null {@code
 * modelValue} means the model does not have the object at all.
 */
public record LayoutDifference(
    LayoutObject what, ObisCode obis, String modelValue, String meterValue) {}
