-- The audit trail of service ${service} in this territory: who did what to whom, when, from where.
-- One shape for every service (DESIGN.md). Details hold ids and codes, never personal data beyond ids.
CREATE TABLE ${service}_audit (
    id             uuid        PRIMARY KEY,             -- UUIDv7: orders the trail by time
    actor          uuid,                                -- the account that acted; null for the operator or anonymous
    action         text        NOT NULL CHECK (action ~ '^[a-z][a-z0-9_.-]*$'),
    target         text,                                -- the id of what was acted on
    occurred_at    timestamptz NOT NULL,
    client_address text,
    details        jsonb       NOT NULL DEFAULT '{}'
);

CREATE INDEX ${service}_audit_target ON ${service}_audit (target, id);
CREATE INDEX ${service}_audit_actor ON ${service}_audit (actor, id);
CREATE INDEX ${service}_audit_occurred_at ON ${service}_audit (occurred_at);
