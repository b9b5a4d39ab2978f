/**
 * Avatars: a member's picture, uploaded once, checked from its bytes, re-encoded into two square
 * JPEG sizes whose names carry their content hash, and served cacheable for a year.
 *
 * <p>{@link agora.user.avatar.Avatars} is the one entry the service uses: it mounts the routes and
 * the erasure consumer, and tells other code of the service a member's current avatar URLs. Where
 * the bytes live is {@link agora.user.avatar.AvatarStore}'s business (PostgreSQL today, IPFS later).
 */
package agora.user.avatar;
