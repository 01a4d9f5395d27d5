-- Issue 8: the head-end's suite-0 invocation counter per meter. AES-GCM's nonce is the system title
-- and this counter, so a value handed out twice under one key breaks the cipher. Nodes reserve
-- blocks [next_free - block, next_free) with one UPDATE ... RETURNING and hand them out from memory;
-- a block is never handed out again, even when its holder crashed half-way through it.
CREATE TABLE meter_invocation_counters (
    serial      text        PRIMARY KEY,
    next_free   bigint      NOT NULL CHECK (next_free > 0),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
