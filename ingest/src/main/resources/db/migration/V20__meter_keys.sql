-- Issue 8: each meter's DLMS secrets (LLS password, HLS secret, suite-0 EK and AK), as a
-- manufacturer ships them with a batch, encrypted at rest. Keyed by serial, not by meters.id:
-- keys usually arrive before the meter is installed or first heard from.
--
-- Each secret column holds AES-256-GCM output (12-byte IV || ciphertext || tag) under the master
-- key (keys.master), with the serial, the version and the column's name as associated data: a
-- sealed value copied to another meter, version or column does not open. NULL = not shipped.
-- fingerprint: an HMAC of serial and secrets under a key derived from the master key, so a
-- re-imported file is recognised as the same without ever comparing plain secrets.
--
-- A meter has at most one active version (in use) and at most one pending one (a rotation whose
-- keys are not yet confirmed on the meter); superseded and cancelled versions are retired.
CREATE TABLE meter_keys (
    serial             text        NOT NULL,
    version            integer     NOT NULL CHECK (version > 0),
    state              text        NOT NULL CHECK (state IN ('pending', 'active', 'retired')),
    lls_password       bytea,
    hls_secret         bytea,
    encryption_key     bytea,
    authentication_key bytea,
    fingerprint        bytea       NOT NULL,
    utility            text,                      -- the importing key's utility; NULL = installation-wide
    origin             text        NOT NULL CHECK (origin IN ('import', 'rotation')),
    created_by         text        NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    activated_at       timestamptz,
    retired_at         timestamptz,
    PRIMARY KEY (serial, version),
    CHECK (num_nonnulls(lls_password, hls_secret, encryption_key, authentication_key) > 0)
);

CREATE UNIQUE INDEX meter_keys_one_active ON meter_keys (serial) WHERE state = 'active';
CREATE UNIQUE INDEX meter_keys_one_pending ON meter_keys (serial) WHERE state = 'pending';

-- The master key when keys.master.generate is on (the demo, tests): made once per database by the
-- first node that needs it. It keeps secrets out of every view, export and log; it does not
-- protect against someone holding a dump of the whole database (configure keys.master for that).
CREATE TABLE meter_key_master (
    id         smallint    PRIMARY KEY CHECK (id = 1),
    key        bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
