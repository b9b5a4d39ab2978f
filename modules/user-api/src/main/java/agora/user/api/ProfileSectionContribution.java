package agora.user.api;

import java.util.List;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;

/**
 * What a service shows on a member's profile (the badges they earned, the courses they completed,
 * how much they have written in the forum), from its own tables: a service lists this interface in
 * its catalog's {@code contributions()} and provides its answer
 * ({@code mount.contribute(ProfileSectionContribution.class, …)}); the user service asks every
 * contributor at each profile read, in-process or over its internal listener, so a profile gains a
 * section without the user service naming the service or reading its tables.
 *
 * <p>The user service decides what the viewer sees: a section of {@link ProfileSectionKind#BADGES}
 * or {@link ProfileSectionKind#COURSES} only when the member shows them (or the viewer is the member),
 * and nothing at all when the viewer may not see the profile (it is not asked then). An answer is
 * awaited for a short deadline only (300 ms by default): answer from what is at hand, never by
 * asking further services; a contributor that fails or is late is left out of that read and named
 * in the profile's {@code unavailable}.
 */
public interface ProfileSectionContribution {

    /**
     * The service's sections of a member's profile.
     *
     * @param territory the member's territory
     * @param member    the member whose profile is read
     * @param viewer    who reads it, as far as the service may tailor its answer (a count of what only
     *                  followers see); the user service still applies the member's privacy settings
     * @return at most {@link ProfileSection#MAX_SECTIONS} sections, keys unique; none when the service
     *         has nothing to show about the member
     */
    List<ProfileSection> sections(TerritoryCode territory, UUID member, ProfileViewer viewer);
}
