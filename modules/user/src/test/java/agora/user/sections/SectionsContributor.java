package agora.user.sections;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import agora.platform.contract.Catalog;
import agora.platform.host.AgoraService;
import agora.platform.host.Mount;
import agora.user.api.ProfileItem;
import agora.user.api.ProfileSection;
import agora.user.api.ProfileSectionContribution;
import agora.user.api.ProfileSectionKind;
import agora.user.api.ProfileViewer;

/**
 * A service of the tests' own that adds one section to every profile, as a badge or forum service
 * would: registered through the host like any service (its {@link Declaration catalog} handed to
 * the test host), answering from what it holds, and for the members it is told to, failing or
 * hanging instead.
 */
final class SectionsContributor implements AgoraService {
    /** What it does for a member. */
    enum Behaviour {
        ANSWER, FAIL, HANG
    }

    private final String name;
    private final ProfileSection section;
    /** Members for whom it does something other than answer. */
    final Map<UUID, Behaviour> behaviours = new ConcurrentHashMap<>();
    /** Opened when the test is done with a hanging answer (a stuck contributor, released at the end). */
    final CountDownLatch release = new CountDownLatch(1);
    /** The members it was asked about, and by whom. */
    final Map<UUID, Set<ProfileViewer>> asked = new ConcurrentHashMap<>();
    /** The members whose hanging answer was stopped (its thread interrupted). */
    final Set<UUID> stopped = ConcurrentHashMap.newKeySet();

    private SectionsContributor(String name, ProfileSection section) {
        this.name = name;
        this.section = section;
    }

    /** A badge service: the badges the member earned, which the member may hide. */
    static SectionsContributor badges(String name) {
        return new SectionsContributor(name, new ProfileSection(ProfileSectionKind.BADGES, "earned", "Badges",
                List.of(ProfileItem.of("Code of Conduct").linked("/badges/code-of-conduct")
                        .dated(Instant.parse("2026-11-01T10:00:00Z")))));
    }

    /** A forum service: how many posts the member wrote, public wherever the profile is seen. */
    static SectionsContributor forumCounts(String name) {
        return new SectionsContributor(name, new ProfileSection(ProfileSectionKind.PUBLIC, "posts", "Forum",
                List.of(ProfileItem.count("Posts", 42))));
    }

    /** Its catalog, as its {@code -api} module would provide it. */
    Catalog declaration() {
        return new Declaration(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void mount(Mount mount) {
        mount.contribute(ProfileSectionContribution.class, (territory, member, viewer) -> {
            asked.computeIfAbsent(member, ignored -> ConcurrentHashMap.newKeySet()).add(viewer);
            switch (behaviours.getOrDefault(member, Behaviour.ANSWER)) {
                case FAIL -> throw new IllegalStateException("the " + name + " tables are gone");
                case HANG -> {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        stopped.add(member);
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("stopped", e);
                    }
                }
                case ANSWER -> {
                }
            }
            return List.of(section);
        });
    }

    /**
     * What the service's {@code -api} declares: it contributes profile sections.
     *
     * @param service the service's name
     */
    record Declaration(String service) implements Catalog {
        @Override
        public List<Class<?>> contributions() {
            return List.of(ProfileSectionContribution.class);
        }
    }
}
