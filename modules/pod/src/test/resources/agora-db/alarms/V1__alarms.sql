-- The tests' alarms service: one row per alarm that rang.
CREATE TABLE alarms_rung (
    id    uuid PRIMARY KEY,
    label text NOT NULL
);

-- Presets every territory starts with (seeded from agora-seed/alarms/presets.yaml).
CREATE TABLE alarms_presets (
    label   text PRIMARY KEY,
    seconds bigint NOT NULL
);
