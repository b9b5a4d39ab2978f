-- Profiles: the public side of a member, one row per account from registration on (created from
-- auth.user_registered, from auth's account directory for members who registered earlier, or on
-- the first read that finds none). Privacy settings live on the row: every read path checks them in
-- the same statement that reads the profile.
CREATE TABLE user_profiles (
    id           uuid PRIMARY KEY,                  -- the account's id
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    handle       text CHECK (length(handle) BETWEEN 3 AND 30),  -- as the member wrote it
    handle_key   text UNIQUE,                       -- lower case: handles are unique regardless of case
    bio          text NOT NULL DEFAULT '' CHECK (length(bio) <= 2000),  -- Markdown as written
    bio_html     text NOT NULL DEFAULT '',          -- rendered and sanitised when written
    pronouns     text CHECK (length(pronouns) <= 40),
    language     text CHECK (length(language) <= 8),
    links        text[] NOT NULL DEFAULT '{}',
    visibility   text NOT NULL DEFAULT 'territory' CHECK (visibility IN ('territory', 'members', 'followers')),
    locked       boolean NOT NULL DEFAULT false,    -- follows need approval
    searchable   boolean NOT NULL DEFAULT true,
    show_badges  boolean NOT NULL DEFAULT true,
    show_courses boolean NOT NULL DEFAULT true,
    -- Handle and display name folded in Java (SearchText): ASCII only, so pg_trgm reads it the same
    -- under any database locale.
    search_text  text NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    version      bigint NOT NULL DEFAULT 1,
    CHECK ((handle IS NULL) = (handle_key IS NULL))
);

-- Prefix (LIKE '% q%') and fuzzy (<%) search both use it.
CREATE INDEX user_profiles_search ON user_profiles USING gin (search_text extensions.gin_trgm_ops);

-- Handles a member gave up: for a while they still lead to the member and nobody else may take them.
CREATE TABLE user_former_handles (
    handle_key  text PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES user_profiles (id) ON DELETE CASCADE,
    released_at timestamptz NOT NULL
);

CREATE INDEX user_former_handles_user ON user_former_handles (user_id);

-- One-off work per territory that must not run twice (the profiles of earlier members).
CREATE TABLE user_replays (
    name    text PRIMARY KEY,
    done_at timestamptz NOT NULL
);
