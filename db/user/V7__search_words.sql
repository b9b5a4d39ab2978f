-- The search reads words, not rows of text (decision 130). Each profile's folded words (SearchText,
-- ASCII only) are listed once per profile: a word-prefix query is a range of one btree, and a
-- phrase is the intersection of its words' ranges, so its cost follows how many members carry the
-- words rather than the planner's guess of a trigram match. The vocabulary holds each word some
-- profile uses, once: typos are corrected against it (pg_trgm's nearest words), not against every
-- profile. Both are kept by the user service in the statement that writes the profile; a word
-- leaves the vocabulary with the last profile that uses it.
CREATE TABLE user_search_words (
    profile_id uuid NOT NULL REFERENCES user_profiles (id) ON DELETE CASCADE,
    word       text COLLATE "C" NOT NULL,
    PRIMARY KEY (profile_id, word)
);

CREATE INDEX user_search_words_word ON user_search_words (word, profile_id);

CREATE TABLE user_search_vocabulary (
    word text COLLATE "C" PRIMARY KEY
);

CREATE INDEX user_search_vocabulary_similar ON user_search_vocabulary USING gist (word extensions.gist_trgm_ops);

INSERT INTO user_search_words (profile_id, word)
SELECT DISTINCT p.id, w.word FROM user_profiles p, unnest(string_to_array(btrim(p.search_text), ' ')) AS w (word)
WHERE w.word <> '';

INSERT INTO user_search_vocabulary (word) SELECT DISTINCT word FROM user_search_words;

ANALYZE user_search_words, user_search_vocabulary;

-- The trigram indexes over whole profiles answered both tiers before; the planner's estimates of a
-- LIKE through them chose plans from 5 to 200 ms for the same shape of query.
DROP INDEX user_profiles_search;
DROP INDEX user_profiles_search_similar;
