-- Test service "beta": a trigram index needs pg_trgm's operator class on the search path.
CREATE TABLE tags (
    name text PRIMARY KEY
);
CREATE INDEX tags_name_trgm ON tags USING gin (name gin_trgm_ops);
