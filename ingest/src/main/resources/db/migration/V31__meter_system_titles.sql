-- Issue 8: each meter's system title (8 bytes: manufacturer FLAG id + 5 bytes), as the
-- manufacturer's key file gives it. It names whose keys open a ciphered push (general-glo-ciphering
-- carries the sender's title), so a title belongs to one meter only. It is an identifier, not a
-- secret: stored in the clear. A meter's title does not change with a key rotation.
--
-- pushes_ciphered: true = this meter's pushes must arrive ciphered; a plain push claiming its
-- serial is refused (IS 15959 meters configured with keys cipher their pushes). Defaults to true
-- for every meter whose title is known; an operator turns it off per meter (PUT
-- /api/meters/{serial}/keys/push-ciphering) for a meter configured to push in the clear.
CREATE TABLE meter_system_titles (
    serial          text        PRIMARY KEY,
    system_title    bytea       NOT NULL UNIQUE CHECK (octet_length(system_title) = 8),
    pushes_ciphered boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
