package agora.user.sections;

import java.util.List;
import java.util.Locale;

import agora.user.api.ProfileItem;
import agora.user.api.ProfileSection;

/**
 * A section of a profile as the profile's JSON shows it.
 *
 * @param service the service that answered it ({@code badge})
 * @param kind    the privacy setting that governs it: {@code badges}, {@code courses} or {@code public}
 * @param key     its name within the service ({@code earned}); {@code <service>.<key>} names its heading
 * @param title   its heading in plain text
 * @param items   what it lists
 */
public record SectionView(String service, String kind, String key, String title, List<ProfileItem> items) {

    static SectionView of(String service, ProfileSection section) {
        return new SectionView(service, section.kind().name().toLowerCase(Locale.ROOT), section.key(),
                section.title(), section.items());
    }
}
