-- The event tables of service ${service}, in every territory schema and in schema global (pod-wide events).

-- Events written in the same transaction as the change they describe, published in position order.
CREATE TABLE ${service}_outbox (
    position    bigserial   PRIMARY KEY,
    id          uuid        NOT NULL UNIQUE,
    type        text        NOT NULL,
    subject     text        NOT NULL,
    aggregate   text        NOT NULL,
    version     bigint      NOT NULL,
    occurred_at timestamptz NOT NULL,
    data        jsonb       NOT NULL,
    traceparent text,
    sent_at     timestamptz
);

CREATE INDEX ${service}_outbox_unsent ON ${service}_outbox (position) WHERE sent_at IS NULL;
CREATE INDEX ${service}_outbox_sent_at ON ${service}_outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Events this service's consumers have applied, recorded in the same transaction as the effect.
CREATE TABLE ${service}_processed_events (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL,
    PRIMARY KEY (consumer, event_id)
);

CREATE INDEX ${service}_processed_events_at ON ${service}_processed_events (processed_at);

-- Events a consumer gave up on after its retries, for an operator to read and replay.
CREATE TABLE ${service}_dead_letters (
    id          uuid        PRIMARY KEY,
    consumer    text        NOT NULL,
    event_id    uuid        NOT NULL,
    event_type  text        NOT NULL,
    envelope    text        NOT NULL,
    error       text        NOT NULL,
    attempts    integer     NOT NULL,
    failed_at   timestamptz NOT NULL,
    replayed_at timestamptz
);

CREATE INDEX ${service}_dead_letters_open ON ${service}_dead_letters (failed_at) WHERE replayed_at IS NULL;
