package agora.user.profile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import agora.user.avatar.AvatarFiles;
import agora.user.privacy.Privacy;

/**
 * A profile as stored, with what the reader's relation to it adds.
 *
 * @param id          the account
 * @param displayName the name others see
 * @param handle      the {@code @handle}, as written
 * @param bio         Markdown as written
 * @param bioHtml     the bio rendered and sanitised
 * @param pronouns    as the member wrote them
 * @param language    the preferred language (one of the territory's)
 * @param links       http(s) links
 * @param privacy     the privacy settings
 * @param followers   how many follow the member
 * @param following   how many the member follows
 * @param followed    whether the reader follows the member
 * @param requested   whether the reader asked to follow and waits for approval
 * @param createdAt   when the profile was made
 * @param updatedAt   when it last changed
 * @param avatar      the current avatar's files, if the member has one
 */
public record Profile(UUID id, String displayName, Optional<String> handle, String bio, String bioHtml,
                      Optional<String> pronouns, Optional<String> language, List<String> links, Privacy privacy,
                      long followers, long following, boolean followed, boolean requested, Instant createdAt,
                      Instant updatedAt, Optional<AvatarFiles> avatar) {
    /** Copies the links. */
    public Profile {
        links = List.copyOf(links);
    }
}
