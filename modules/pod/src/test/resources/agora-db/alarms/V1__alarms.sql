-- The tests' alarms service: one row per alarm that rang.
CREATE TABLE alarms_rung (
    id    uuid PRIMARY KEY,
    label text NOT NULL
);
