-- Issue 7 item 4: a TCP session whose identity was proven at the wire (an authenticated ciphered
-- push from the system title mapped to its serial, or an HLS association the head-end opened).
-- Another node never takes over a row whose seen_at is fresh (its node is alive); see
-- ingest.session.SessionDirectory#claim.
ALTER TABLE meter_sessions ADD COLUMN authenticated boolean NOT NULL DEFAULT false;
