package agora.user.profile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.user.avatar.AvatarUrls;
import agora.user.privacy.PrivacyView;
import agora.user.sections.Gathered;
import agora.user.sections.SectionView;

/**
 * The signed-in member's own profile, settings included.
 *
 * @param id          the account
 * @param territory   its territory
 * @param displayName the name
 * @param handle      the handle
 * @param bio         the bio's Markdown
 * @param bioHtml     the bio rendered
 * @param pronouns    pronouns
 * @param language    preferred language
 * @param links       links
 * @param privacy     the privacy settings
 * @param followers   how many follow the member
 * @param following   how many the member follows
 * @param createdAt   when the profile was made
 * @param updatedAt   when it last changed
 * @param avatar      where the member's avatar is served, if they have one
 * @param sections    what other services show about the member (the owner sees every section)
 * @param unavailable the services whose sections are missing from this answer
 */
public record OwnProfileView(UUID id, String territory, String displayName, Optional<String> handle, String bio,
                             String bioHtml, Optional<String> pronouns, Optional<String> language, List<String> links,
                             PrivacyView privacy, long followers, long following, Instant createdAt,
                             Instant updatedAt, Optional<AvatarUrls> avatar, List<SectionView> sections,
                             List<String> unavailable) {

    /**
     * The owner's view of a profile.
     *
     * @param territory the member's territory
     * @param profile   the profile
     * @param gathered  the sections gathered for the owner ({@link Gathered#NONE} in the member's
     *                  export, where each service puts its own data)
     * @return the view
     */
    public static OwnProfileView of(TerritoryCode territory, Profile profile, Gathered gathered) {
        return new OwnProfileView(profile.id(), territory.value(), profile.displayName(), profile.handle(),
                profile.bio(), profile.bioHtml(), profile.pronouns(), profile.language(), profile.links(),
                PrivacyView.of(profile.privacy()), profile.followers(), profile.following(), profile.createdAt(),
                profile.updatedAt(), profile.avatar().map(files -> files.urls(territory, profile.id())),
                gathered.sections(), gathered.unavailable());
    }
}
