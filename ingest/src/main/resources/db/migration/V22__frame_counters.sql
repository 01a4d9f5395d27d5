-- Issue 8: the last frame counter accepted from each meter's system title in a ciphered APDU. The
-- check and the update are one statement (INSERT ... ON CONFLICT DO UPDATE ... WHERE last < new), so
-- two nodes receiving the same replayed frame cannot both accept it.
CREATE TABLE meter_frame_counters (
    serial        text        NOT NULL,
    system_title  bytea       NOT NULL,
    last_accepted bigint      NOT NULL CHECK (last_accepted >= 0),
    accepted_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (serial, system_title)
);
