package agora.user.follow;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A member in a list (followers, following, follow requests, blocks): enough to show and link them.
 *
 * @param id          the account
 * @param displayName the name
 * @param handle      the handle
 * @param since       when the follow, request or block began
 */
public record MemberItem(UUID id, String displayName, Optional<String> handle, Instant since) {
}
