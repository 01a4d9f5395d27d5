-- One row per MQTT ingest client id on a shared subscription: the node writes heartbeat_at every
-- few seconds while connected and stopped_at on a clean stop. A client id whose heartbeat is stale
-- is a node that left; a live node of the same share group claims it (adopted_by, with a lease
-- until adopted_until), connects under that id to drain what the broker queued for it, ends the
-- session and deletes the row. Times are the database's, so nodes' clocks need not agree.
CREATE TABLE mqtt_session_heartbeats (
    client_id     text        PRIMARY KEY,
    share_group   text        NOT NULL,
    heartbeat_at  timestamptz NOT NULL DEFAULT now(),
    stopped_at    timestamptz,
    adopted_by    text,
    adopted_until timestamptz
);

CREATE INDEX mqtt_session_heartbeats_group ON mqtt_session_heartbeats (share_group, heartbeat_at);
