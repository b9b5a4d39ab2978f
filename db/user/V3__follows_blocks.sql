-- Follows, follow requests (to locked accounts) and blocks. Rows go with either member's profile.
CREATE TABLE user_follows (
    follower_id uuid NOT NULL REFERENCES user_profiles (id) ON DELETE CASCADE,
    followee_id uuid NOT NULL REFERENCES user_profiles (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (follower_id, followee_id),
    CHECK (follower_id <> followee_id)
);

CREATE INDEX user_follows_followers ON user_follows (followee_id, created_at DESC, follower_id DESC);
CREATE INDEX user_follows_following ON user_follows (follower_id, created_at DESC, followee_id DESC);

CREATE TABLE user_follow_requests (
    requester_id uuid NOT NULL REFERENCES user_profiles (id) ON DELETE CASCADE,
    target_id    uuid NOT NULL REFERENCES user_profiles (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (requester_id, target_id),
    CHECK (requester_id <> target_id)
);

CREATE INDEX user_follow_requests_target ON user_follow_requests (target_id, created_at DESC, requester_id DESC);

CREATE TABLE user_blocks (
    blocker_id uuid NOT NULL REFERENCES user_profiles (id) ON DELETE CASCADE,
    blocked_id uuid NOT NULL REFERENCES user_profiles (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id),
    CHECK (blocker_id <> blocked_id)
);

CREATE INDEX user_blocks_blocked ON user_blocks (blocked_id, blocker_id);
CREATE INDEX user_blocks_list ON user_blocks (blocker_id, created_at DESC, blocked_id DESC);
