-- A meter seals every ciphered APDU with one invocation counter, but over MQTT its data and its
-- events travel on different topics, and a broker keeps order only within a topic: an event sealed
-- with counter n can arrive after data sealed with n + 1. Refusing it as a replay would lose it (an
-- MQTT message refused is acknowledged). So besides the highest counter accepted, each row keeps
-- which of the 64 counters below it were accepted (bit k: last_accepted - 1 - k), and a counter in
-- that window is accepted once, if not yet seen. Every counter is still accepted at most once.
ALTER TABLE meter_frame_counters ADD COLUMN seen_below bigint NOT NULL DEFAULT 0;
