-- What each MQTT client id was last told to subscribe to: a persistent session keeps every filter
-- it was ever given, so filters no longer configured are unsubscribed on connect.
CREATE TABLE mqtt_subscriptions (
    client_id    text NOT NULL,
    topic_filter text NOT NULL,
    PRIMARY KEY (client_id, topic_filter)
);

-- Messages whose handling failed (a fault, not bad input), by topic + SHA-256 of the payload, so
-- the count survives redeliveries and restarts; at the limit the message goes to dead_letters.
CREATE TABLE mqtt_delivery_attempts (
    message_key text        PRIMARY KEY,
    topic       text        NOT NULL,
    attempts    integer     NOT NULL,
    last_reason text        NOT NULL DEFAULT '',
    updated_at  timestamptz NOT NULL DEFAULT now()
);
