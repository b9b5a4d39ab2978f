/** Follows, follow requests for locked accounts, and blocks (with their events and {@link agora.user.api.BlockFacts}). */
package agora.user.follow;
