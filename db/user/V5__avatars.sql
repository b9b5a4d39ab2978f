-- Avatar files (agora.user.avatar): both sizes of a member's current avatar, as bytes, until the
-- IPFS service stores them. One row per member: replacing an avatar overwrites the row, so former
-- files are gone with the commit; erasure deletes it. The names carry the content hash
-- (<32 hex digits of SHA-256>-<pixels>.jpg), which makes the public URLs immutable.
CREATE TABLE user_avatars (
    user_id     uuid PRIMARY KEY,
    large_name  text NOT NULL,
    large_bytes bytea NOT NULL,
    small_name  text NOT NULL,
    small_bytes bytea NOT NULL,
    updated_at  timestamptz NOT NULL
);
