-- The benchmark's consumer: one row per applied event.
CREATE TABLE bench_effects (
    event_id uuid PRIMARY KEY,
    sequence bigint NOT NULL
);
