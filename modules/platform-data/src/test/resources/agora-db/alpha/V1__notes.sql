-- Test service "alpha": uses citext from the shared extensions schema, unqualified.
CREATE TABLE notes (
    id         uuid        PRIMARY KEY,
    author     citext      NOT NULL,
    body       text        NOT NULL,
    created_at timestamptz NOT NULL
);
