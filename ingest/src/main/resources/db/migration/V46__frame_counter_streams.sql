-- Issue 11: a meter seals its pushes and its answers to the head-end's requests with one invocation
-- counter, but the head-end checks them at different points: an answer on the connection's event
-- loop, a ciphered push after the database has checked it. Under load the pushes a meter sent
-- before an answer wait to be checked while the answer is accepted, and with more than 64 of them
-- waiting they were refused as replays, and (a DataNotification is never confirmed) lost. Each
-- stream is now kept on its own row: 0 the meter's own ciphered APDUs (pushes), 1 its answers to the
-- head-end. Within each, every counter is still accepted at most once. No APDU can cross from one
-- stream to the other: a push is general-glo-ciphering carrying a DataNotification, an answer a
-- glo- APDU carrying the response its tag names, and both are checked after deciphering.
ALTER TABLE meter_frame_counters ADD COLUMN stream smallint NOT NULL DEFAULT 0 CHECK (stream IN (0, 1));
ALTER TABLE meter_frame_counters DROP CONSTRAINT meter_frame_counters_pkey;
ALTER TABLE meter_frame_counters ADD PRIMARY KEY (serial, system_title, stream);
