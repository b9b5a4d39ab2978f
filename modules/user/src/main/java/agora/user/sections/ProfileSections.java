package agora.user.sections;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import agora.platform.contract.TerritoryCode;
import agora.platform.host.Contribution;
import agora.platform.host.Contributions;
import agora.user.api.ProfileSection;
import agora.user.api.ProfileSectionContribution;
import agora.user.api.ProfileSectionKind;
import agora.user.api.ProfileViewer;
import agora.user.privacy.Privacy;

import io.helidon.config.Config;

/**
 * Asks every service that contributes {@link ProfileSectionContribution} for its sections of a
 * profile, each on a virtual thread of its own, and waits for them together until one deadline
 * ({@code agora.user.profile.sections-deadline}, 300 ms): a slow contributor costs a read at most
 * that, a failing one only its own sections. Those missing are named in the answer and logged when
 * they start failing, not at every read.
 *
 * <p>With no contributor on the module path a read asks nobody and allocates nothing here: the
 * profile read is the hottest route of the service.
 */
public final class ProfileSections {
    /** How long a profile read waits for its contributors unless configured. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMillis(300);
    private static final System.Logger LOG = System.getLogger(ProfileSections.class.getName());

    private final Contributions<ProfileSectionContribution> contributions;
    private final long deadlineNanos;
    /** The contributors whose last answer was missing: logged once when they start failing. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    /**
     * @param contributions the contributors, as the host reaches them
     * @param profile       the {@code agora.user.profile} node ({@code sections-deadline})
     */
    public ProfileSections(Contributions<ProfileSectionContribution> contributions, Config profile) {
        this.contributions = contributions;
        Duration deadline = profile.get("sections-deadline").as(Duration.class).orElse(DEFAULT_DEADLINE);
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalStateException("agora.user.profile.sections-deadline must be positive, not " + deadline);
        }
        this.deadlineNanos = deadline.toNanos();
    }

    /**
     * The sections of a profile the viewer may see.
     *
     * @param territory the member's territory
     * @param member    the member
     * @param viewer    who reads the profile (the viewer may see it: a hidden profile is never asked about)
     * @param privacy   the member's privacy settings
     * @return the sections, and the contributors missing from them
     */
    public Gathered gather(TerritoryCode territory, UUID member, ProfileViewer viewer, Privacy privacy) {
        List<Contribution<ProfileSectionContribution>> reachable = contributions.reachable();
        List<String> unreachable = contributions.unreachable();
        if (reachable.isEmpty() && unreachable.isEmpty()) {
            return Gathered.NONE;
        }
        List<String> unavailable = new ArrayList<>();
        for (String service : unreachable) {
            missing(service, "this process cannot reach it (set agora.services." + service + ".url)", null);
            unavailable.add(service);
        }
        long end = System.nanoTime() + deadlineNanos;
        List<Asked> asked = new ArrayList<>(reachable.size());
        for (Contribution<ProfileSectionContribution> contribution : reachable) {
            asked.add(Asked.start(contribution, territory, member, viewer));
        }
        List<SectionView> sections = new ArrayList<>();
        boolean interrupted = false;
        for (Asked one : asked) {
            String service = one.service();
            try {
                List<ProfileSection> answer = interrupted ? one.answer().getNow(null)
                        : one.answer().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (answer == null) {
                    throw new TimeoutException();
                }
                answered(service);
                for (ProfileSection section : answer) {
                    if (shown(section.kind(), viewer, privacy)) {
                        sections.add(SectionView.of(service, section));
                    }
                }
            } catch (TimeoutException e) {
                one.thread().interrupt();
                missing(service, "no answer within " + Duration.ofNanos(deadlineNanos).toMillis() + " ms", null);
                unavailable.add(service);
            } catch (ExecutionException e) {
                missing(service, "it failed", e.getCause());
                unavailable.add(service);
            } catch (InterruptedException e) {
                // The read itself is being stopped: take what has arrived, leave the rest.
                Thread.currentThread().interrupt();
                interrupted = true;
                one.thread().interrupt();
                unavailable.add(service);
            }
        }
        unavailable.sort(null);
        return new Gathered(List.copyOf(sections), List.copyOf(unavailable));
    }

    /** Whether a section of this kind shows to the viewer: the owner sees all; others as the member chose. */
    static boolean shown(ProfileSectionKind kind, ProfileViewer viewer, Privacy privacy) {
        if (viewer == ProfileViewer.OWNER) {
            return true;
        }
        return switch (kind) {
            case BADGES -> privacy.showBadges();
            case COURSES -> privacy.showCourses();
            case PUBLIC -> true;
        };
    }

    private void answered(String service) {
        if (failing.remove(service)) {
            LOG.log(System.Logger.Level.INFO, "Profile sections of {0} are shown again", service);
        }
    }

    private void missing(String service, String why, Throwable cause) {
        if (failing.add(service)) {
            String message = "Profile sections of " + service + " are left out: " + why
                    + " (logged again only after it has answered)";
            if (cause == null) {
                LOG.log(System.Logger.Level.WARNING, message);
            } else {
                LOG.log(System.Logger.Level.WARNING, message, cause);
            }
        }
    }

    /** One contributor asked: its answer to come, and the thread to stop when it is late. */
    private record Asked(String service, CompletableFuture<List<ProfileSection>> answer, Thread thread) {

        static Asked start(Contribution<ProfileSectionContribution> contribution, TerritoryCode territory,
                           UUID member, ProfileViewer viewer) {
            CompletableFuture<List<ProfileSection>> answer = new CompletableFuture<>();
            Thread thread = Thread.ofVirtual().name("profile-sections-" + contribution.service()).start(() -> {
                try {
                    answer.complete(ProfileSection.checked(
                            contribution.answers().sections(territory, member, viewer)));
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            });
            return new Asked(contribution.service(), answer, thread);
        }
    }
}
