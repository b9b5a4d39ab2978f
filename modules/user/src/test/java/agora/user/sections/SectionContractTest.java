package agora.user.sections;

import java.util.Collections;
import java.util.List;

import agora.user.api.ProfileItem;
import agora.user.api.ProfileSection;
import agora.user.api.ProfileSectionKind;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What a contributor may put on a profile, checked where a section is made and again where it is
 * read off the internal listener: a link a browser follows is a path of the pod or an https address,
 * never a script; sections stay short.
 */
class SectionContractTest {

    @Test
    void anItemLinksOnlyToThePodOrAnHttpsAddress() {
        assertDoesNotThrow(() -> ProfileItem.of("Badge").linked("/badges/code-of-conduct"));
        assertDoesNotThrow(() -> ProfileItem.of("Badge").linked("https://badges.example/b/1"));
        for (String link : List.of("javascript:alert(1)", "//evil.example/x", "http://plain.example/",
                "data:text/html,x", "/a b", "/\\evil.example", " /badges")) {
            assertThrows(IllegalArgumentException.class, () -> ProfileItem.of("Badge").linked(link), link);
        }
    }

    @Test
    void aSectionIsKeyedTitledAndShort() {
        assertThrows(IllegalArgumentException.class,
                () -> new ProfileSection(ProfileSectionKind.PUBLIC, "Posts!", "Forum", List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new ProfileSection(ProfileSectionKind.PUBLIC, "posts", " ", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ProfileSection(ProfileSectionKind.BADGES, "earned",
                "Badges", Collections.nCopies(ProfileSection.MAX_ITEMS + 1, ProfileItem.of("Badge"))));
        ProfileSection posts = new ProfileSection(ProfileSectionKind.PUBLIC, "posts", "Forum",
                List.of(ProfileItem.count("Posts", 3)));
        assertThrows(IllegalArgumentException.class, () -> ProfileSection.checked(List.of(posts, posts)),
                "two sections of one key");
        assertThrows(IllegalArgumentException.class,
                () -> ProfileSection.checked(Collections.nCopies(ProfileSection.MAX_SECTIONS + 1, posts)));
    }
}
