-- The durable timers of service ${service}, in every territory schema: "at due_at, do kind with data".
-- A timer is written in the transaction of the change that sets it, and fired in a transaction that
-- deletes it, so its effect happens exactly once even across crashes and restarts.
CREATE TABLE ${service}_timers (
    kind       text        NOT NULL,
    key        text        NOT NULL,
    due_at     timestamptz NOT NULL,
    data       jsonb       NOT NULL,
    attempts   integer     NOT NULL DEFAULT 0,
    last_error text,
    set_at     timestamptz NOT NULL,
    PRIMARY KEY (kind, key)
);

CREATE INDEX ${service}_timers_due ON ${service}_timers (due_at);
