package agora.user.profile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.user.avatar.AvatarUrls;
import agora.user.sections.Gathered;
import agora.user.sections.SectionView;

/**
 * A profile as another member (or anyone, where privacy allows) sees it.
 *
 * @param id             the account
 * @param territory      its territory
 * @param displayName    the name
 * @param handle         the {@code @handle} without the {@code @}
 * @param bio            the bio's Markdown
 * @param bioHtml        the bio rendered and sanitised, safe to show as it is
 * @param pronouns       pronouns
 * @param links          links
 * @param locked         whether following needs approval
 * @param showBadges     whether the member shows their badges
 * @param showCourses    whether the member shows their course completions
 * @param followers      how many follow the member
 * @param following      how many the member follows
 * @param followedByYou  whether the caller follows the member
 * @param requestedByYou whether the caller's follow request waits for approval
 * @param createdAt      when the profile was made
 * @param avatar         where the member's avatar is served, if they have one
 * @param sections       what other services show about the member, as the member's privacy allows
 * @param unavailable    the services whose sections are missing from this answer
 */
public record ProfileView(UUID id, String territory, String displayName, Optional<String> handle, String bio,
                          String bioHtml, Optional<String> pronouns, List<String> links, boolean locked,
                          boolean showBadges, boolean showCourses, long followers, long following,
                          boolean followedByYou, boolean requestedByYou, Instant createdAt,
                          Optional<AvatarUrls> avatar, List<SectionView> sections, List<String> unavailable) {

    /** The public view of a profile, with the sections gathered for its viewer. */
    public static ProfileView of(TerritoryCode territory, Profile profile, Gathered gathered) {
        return new ProfileView(profile.id(), territory.value(), profile.displayName(), profile.handle(), profile.bio(),
                profile.bioHtml(), profile.pronouns(), profile.links(), profile.privacy().locked(),
                profile.privacy().showBadges(), profile.privacy().showCourses(), profile.followers(),
                profile.following(), profile.followed(), profile.requested(), profile.createdAt(),
                profile.avatar().map(files -> files.urls(territory, profile.id())), gathered.sections(),
                gathered.unavailable());
    }
}
