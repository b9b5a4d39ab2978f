-- Test consumer "ledger": one row per applied event.
CREATE TABLE ledger_entries (
    event_id    uuid   PRIMARY KEY,
    aggregate   text   NOT NULL,
    version     bigint NOT NULL,
    note        text   NOT NULL,
    traceparent text
);
