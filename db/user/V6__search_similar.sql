-- The search's similarity tier asks for the members nearest to a query (pg_trgm's word distance,
-- <<->), which a GiST trigram index answers by walking outwards and stopping at the limit; the GIN
-- index of V2 stays for the word-prefix tier's LIKE (decision 107).
CREATE INDEX user_profiles_search_similar ON user_profiles USING gist (search_text extensions.gist_trgm_ops);
