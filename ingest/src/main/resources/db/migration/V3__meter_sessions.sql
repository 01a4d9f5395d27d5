-- Which head-end node holds each meter's TCP association, shared by all nodes: a relay command for
-- a meter is carried by the node its connection landed on (through the L4 load balancer).
-- Rows are refreshed by their node's heartbeat; a row not seen for a while belongs to a dead node.
create table meter_sessions (
    meter_serial                text primary key,
    node_id                     text not null,
    remote_address              text,
    connected_at                timestamptz not null,
    seen_at                     timestamptz not null default now()
);
create index meter_sessions_node on meter_sessions (node_id);
