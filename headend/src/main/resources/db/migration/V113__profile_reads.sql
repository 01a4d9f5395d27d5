-- Head-end-initiated profile reads (org.urja.headend.reads).
--
-- read_schedules: how often each profile is read, per utility and per meter model. '*' matches
-- any; the most specific row wins (utility and model, then utility, then model, then '*'/'*').
-- A meter is read for a profile only when its model lists that profile (or it is block_load).
CREATE TABLE read_schedules (
    utility text     NOT NULL DEFAULT '*',
    model   text     NOT NULL DEFAULT '*',
    profile text     NOT NULL CHECK (profile IN ('block_load', 'daily_load', 'billing', 'events')),
    every   interval NOT NULL CHECK (every > interval '0'),
    enabled boolean  NOT NULL DEFAULT true,
    PRIMARY KEY (utility, model, profile)
);

INSERT INTO read_schedules (utility, model, profile, every) VALUES
    ('*', '*', 'block_load', interval '1 hour'),
    ('*', '*', 'daily_load', interval '1 day'),
    ('*', '*', 'billing',    interval '1 day'),
    ('*', '*', 'events',     interval '6 hours');

-- When each meter's profile was last read (attempted and succeeded): what makes a scheduled read due.
CREATE TABLE meter_read_state (
    meter_serial    text        NOT NULL,
    profile         text        NOT NULL,
    last_attempt_at timestamptz NOT NULL,
    last_success_at timestamptz,
    last_error      text,
    PRIMARY KEY (meter_serial, profile)
);

-- Reads an operator asked for (POST /api/meters/{serial}/reads) and scheduled back-fills: an
-- asynchronous job with its outcome. Rows counts are what the batch writer reported.
CREATE TABLE read_jobs (
    id                 bigserial   PRIMARY KEY,
    meter_serial       text        NOT NULL,
    profile            text        NOT NULL,
    range_from         timestamptz NOT NULL,
    range_to           timestamptz NOT NULL,
    requested_by       text        NOT NULL,
    status             text        NOT NULL DEFAULT 'queued'
                       CHECK (status IN ('queued', 'running', 'done', 'failed')),
    rows_read          integer,
    readings_stored    integer,
    readings_duplicate integer,
    events_stored      integer,
    error              text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    started_at         timestamptz,
    finished_at        timestamptz
);

CREATE INDEX read_jobs_meter ON read_jobs (meter_serial, id DESC);
