-- The pod-wide schema: the territory registry and what every service shares across territories.

-- Extensions live in their own schema, created only here: created inside one territory schema,
-- an extension's types and operators would be missing from the next territory's migrations.
CREATE SCHEMA IF NOT EXISTS extensions;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA extensions;

CREATE TABLE territories (
    code       char(2)     PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    language   text        NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
    status     text        NOT NULL CHECK (status IN ('provisioning', 'active', 'inactive')),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

COMMENT ON COLUMN territories.status IS
    'provisioning: schema being migrated (503); active: served; inactive: closed by an operator (403)';

-- Host names that select a territory ahead of the X-Territory header.
CREATE TABLE territory_hosts (
    host text    PRIMARY KEY CHECK (host = lower(host) AND length(host) BETWEEN 1 AND 253),
    code char(2) NOT NULL REFERENCES territories (code)
);

-- First answers to creating POSTs sent with an Idempotency-Key, kept for replays.
CREATE TABLE idempotency_keys (
    scope        text        NOT NULL,
    key          text        NOT NULL,
    fingerprint  text        NOT NULL,
    state        text        NOT NULL CHECK (state IN ('in-progress', 'completed')),
    status       integer,
    headers      jsonb,
    body         bytea,
    created_at   timestamptz NOT NULL,
    completed_at timestamptz,
    PRIMARY KEY (scope, key)
);

CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

-- Every unit of work sets search_path for its own transaction; with an empty default, SQL that
-- bypasses that helper finds no tables at all instead of another territory's.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET search_path = %L', current_database(), '');
END
$$;
