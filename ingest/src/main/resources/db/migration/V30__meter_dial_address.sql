-- Meters that listen (fixed-IP, LAN, or behind a modem the head-end calls) are dialled by the
-- head-end at dial_address ('host:port', set by an operator). capture_period_s is the block load
-- profile's capture period as the meter itself reported it (profile attribute 4), learned on the
-- first profile read; until then the head-end assumes reads.capture.period.
ALTER TABLE meters ADD COLUMN dial_address text;
ALTER TABLE meters ADD COLUMN capture_period_s integer CHECK (capture_period_s > 0);
