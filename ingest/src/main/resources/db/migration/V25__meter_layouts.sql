-- What each meter said about its own object model when the head-end asked (push_object_list,
-- scaler_unit, capture_objects), one row per meter per object. Decoding uses these over the
-- meter's model; model_value keeps what the model said at the time, so a disagreement is visible
-- (model_value IS DISTINCT FROM meter_value) with when it was read. Keyed by serial, not by
-- meters.id: a quarantined meter is learned before an operator registers it.
CREATE TABLE meter_layouts (
    meter_serial text        NOT NULL,
    object       text        NOT NULL CHECK (object IN ('push_object_list', 'scaler_unit', 'capture_objects')),
    obis         text        NOT NULL,
    meter_value  jsonb       NOT NULL,
    model_name   text        NOT NULL,
    model_value  jsonb,
    read_at      timestamptz NOT NULL,
    PRIMARY KEY (meter_serial, object, obis)
);
