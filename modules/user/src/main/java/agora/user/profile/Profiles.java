package agora.user.profile;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import agora.auth.api.AccountDirectory;
import agora.auth.api.AccountDirectory.PublicAccount;
import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.data.territory.Territory;
import agora.platform.data.territory.TerritoryDirectory;
import agora.user.Audit;
import agora.user.UserProblems;
import agora.user.Viewer;
import agora.user.profile.ProfileStore.Sighted;

import io.helidon.dbclient.DbExecute;

/**
 * Profiles: made when auth announces a registration, or from auth's account directory when a read
 * comes first (so a fresh member never meets a 404) or the member registered before this service ran;
 * read as privacy allows; edited by their member.
 */
public final class Profiles {
    /** How long a former handle keeps leading to its member, and stays theirs alone. */
    static final Duration HANDLE_RESERVED = Duration.ofDays(30);
    private static final Logger LOG = Logger.getLogger(Profiles.class.getName());
    private static final String REPLAY = "profiles-of-earlier-members";
    private static final int REPLAY_PAGE = 500;
    /** Profiles made by one replay from which it refreshes the planner's statistics itself. */
    private static final int FRESH_STATISTICS = 1000;

    private final Database database;
    private final AccountDirectory directory;
    private final TerritoryDirectory territories;
    private final Clock clock;
    private final Audit audit;

    /**
     * @param database    the pod's database
     * @param directory   auth's account directory
     * @param territories the territory registry (for each territory's languages)
     * @param clock       the clock
     * @param audit       the audit trail
     */
    public Profiles(Database database, AccountDirectory directory, TerritoryDirectory territories, Clock clock,
                    Audit audit) {
        this.database = database;
        this.directory = directory;
        this.territories = territories;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * Makes a profile for an account auth has just registered, unless it has one.
     *
     * @param db          the consumer's transaction
     * @param id          the account
     * @param displayName the name from the event; absent in events older than the field, whose
     *                    members get their profile from the directory instead
     */
    public void registered(DbExecute db, UUID id, Optional<String> displayName) {
        displayName.filter(name -> !name.isBlank())
                .ifPresent(name -> ProfileStore.insert(db, id, name, clock.instant()));
    }

    /**
     * Ensures an account of the territory has a profile, making it from auth's directory if the
     * registration event has not arrived yet.
     *
     * @param territory the territory
     * @param id        the account
     * @return false when the territory has no such (undeleted) account
     */
    public boolean ensure(TerritoryCode territory, UUID id) {
        if (database.inTerritory(territory, db -> ProfileStore.exists(db, id))) {
            return true;
        }
        List<PublicAccount> found = directory.find(territory, List.of(id));
        if (found.isEmpty()) {
            return false;
        }
        database.inTerritory(territory, db -> ProfileStore.insert(db, id, found.getFirst().displayName(), clock.instant()));
        return true;
    }

    /**
     * The profile as the viewer may see it.
     *
     * @throws agora.platform.core.problem.ProblemException 404 {@code profile-not-found} when it does
     *                                                      not exist or the viewer may not see it
     */
    /**
     * Whether a viewer may see a member's profile (privacy, blocks), without reading it whole: what
     * the member's avatar route asks. A member without a profile yet has no avatar either.
     */
    public boolean visible(TerritoryCode territory, Viewer viewer, UUID id) {
        return database.inTerritory(territory, db -> ProfileStore.seen(db, viewer, id)).map(Sighted::visible)
                .orElse(false);
    }

    public Profile seen(TerritoryCode territory, Viewer viewer, UUID id) {
        Optional<Sighted> sighted = database.inTerritory(territory, db -> ProfileStore.seen(db, viewer, id));
        if (sighted.isEmpty() && ensure(territory, id)) {
            sighted = database.inTerritory(territory, db -> ProfileStore.seen(db, viewer, id));
        }
        return sighted.filter(Sighted::visible).map(Sighted::profile).orElseThrow(UserProblems::notFound);
    }

    /** The signed-in member's own profile. */
    public Profile own(TerritoryCode territory, UUID id) {
        return seen(territory, new Viewer(id, true), id);
    }

    /** The profile with a handle, current or given up within the last 30 days, as the viewer may see it. */
    Profile byHandle(TerritoryCode territory, Viewer viewer, String handle) {
        String bare = Handles.bare(handle);
        if (!Handles.valid(bare)) {
            throw UserProblems.notFound();
        }
        Instant since = clock.instant().minus(HANDLE_RESERVED);
        return database.inTerritory(territory, db -> ProfileStore.byHandle(db, viewer, Handles.key(bare), since))
                .filter(Sighted::visible).map(Sighted::profile).orElseThrow(UserProblems::notFound);
    }

    /**
     * Applies a member's changes to their profile.
     *
     * @param territory the territory
     * @param id        the member
     * @param changes   what changes (validated)
     * @return the profile after
     */
    Profile edit(TerritoryCode territory, UUID id, Changes changes) {
        if (!ensure(territory, id)) {
            throw UserProblems.notFound();
        }
        Instant now = clock.instant();
        try {
            database.runInTerritory(territory, db -> {
                ProfileStore.lock(db, id);
                Profile current = ProfileStore.seen(db, new Viewer(id, true), id).orElseThrow().profile();
                Optional<String> handle = changes.handle().or(current::handle);
                if (changes.handle().isPresent()) {
                    claimHandle(db, id, current.handle(), changes.handle().get(), now);
                }
                String bio = changes.bio().orElse(current.bio());
                ProfileStore.update(db, id, new ProfileStore.Edit(changes.displayName().orElse(current.displayName()),
                        handle, bio, changes.bio().isPresent() ? Bio.html(bio) : current.bioHtml(),
                        changes.pronouns().isPresent() ? changes.pronouns().get().filter(p -> !p.isEmpty())
                                : current.pronouns(),
                        changes.language().isPresent() ? changes.language().get() : current.language(),
                        changes.links().orElse(current.links())), now);
            });
        } catch (RuntimeException e) {
            if (uniqueViolation(e)) {
                throw UserProblems.problem(UserProblems.HANDLE_TAKEN, "handle.taken");
            }
            throw e;
        }
        return own(territory, id);
    }

    /* Takes a handle unless another member holds it now or gave it up within the reserved time. */
    private void claimHandle(DbExecute db, UUID id, Optional<String> current, String wanted, Instant now) {
        String key = Handles.key(wanted);
        Optional<String> currentKey = current.map(Handles::key);
        if (currentKey.filter(key::equals).isPresent()) {
            return;
        }
        boolean taken = ProfileStore.handleOwner(db, key).filter(owner -> !owner.equals(id)).isPresent()
                || ProfileStore.formerOwner(db, key, now.minus(HANDLE_RESERVED))
                .filter(owner -> !owner.equals(id)).isPresent();
        if (taken) {
            throw UserProblems.problem(UserProblems.HANDLE_TAKEN, "handle.taken");
        }
        ProfileStore.forgetFormer(db, key);
        currentKey.ifPresent(old -> ProfileStore.keepFormer(db, old, id, now));
        audit.record(db, id, "user.handle.changed", id, Map.of("handle", wanted));
    }

    /** The languages a member of the territory may prefer: its own (both Norwegian written forms in Norway) and English. */
    Set<String> languages(TerritoryCode territory) {
        Set<String> languages = new TreeSet<>(Set.of("en"));
        territories.find(territory).map(Territory::language).ifPresent(language -> {
            languages.add(language);
            if (language.equals("nb") || language.equals("nn") || language.equals("no")) {
                languages.addAll(Set.of("nb", "nn"));
            }
        });
        return languages;
    }

    /**
     * Gives every account of the territory that has none a profile, once per territory: members who
     * registered before the user service ran. Later members get theirs from the registration event.
     *
     * @param territory the territory
     */
    public void replay(TerritoryCode territory) {
        try {
            replayOnce(territory);
        } catch (RuntimeException e) {
            // Auth unreachable (deployed apart and not up yet): the territory is served all the same,
            // a member without a profile gets one on their first read, and the next start tries again.
            LOG.log(Level.WARNING, "Cannot make the profiles of earlier members of " + territory.value()
                    + " now; the next start tries again", e);
        }
    }

    private void replayOnce(TerritoryCode territory) {
        if (database.inTerritory(territory, db -> db.get("SELECT 1 AS done FROM user_replays WHERE name = ?",
                REPLAY).isPresent())) {
            return;
        }
        UUID after = AccountDirectory.FIRST;
        int made = 0;
        while (true) {
            List<PublicAccount> page = directory.page(territory, after, REPLAY_PAGE);
            Instant now = clock.instant();
            made += database.inTerritory(territory, db -> {
                int inserted = 0;
                for (PublicAccount account : page) {
                    inserted += ProfileStore.insert(db, account.id(), account.displayName(), now) ? 1 : 0;
                }
                return inserted;
            });
            if (page.size() < REPLAY_PAGE) {
                break;
            }
            after = page.getLast().id();
        }
        database.runInTerritory(territory, db -> db.dml("INSERT INTO user_replays (name, done_at) VALUES (?, ?) "
                + "ON CONFLICT (name) DO NOTHING", REPLAY, Database.timestamp(clock.instant())));
        if (made > 0) {
            LOG.info("Made profiles for earlier members of " + territory.value() + ": " + made);
        }
        if (made >= FRESH_STATISTICS) {
            // The planner's statistics would otherwise wait for autovacuum: until then it takes the
            // search's words for a tiny table and walks all of them for a word nobody has.
            database.runInTerritory(territory, db -> db.dml("ANALYZE user_profiles, user_search_words, "
                    + "user_search_vocabulary"));
        }
    }

    private static boolean uniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A validated edit: each part present changes that field.
     *
     * @param displayName the new name
     * @param handle      the new handle (without {@code @})
     * @param bio         the new bio (empty string clears it)
     * @param pronouns    present: new pronouns, empty inside clears them
     * @param language    present: new language, empty inside clears it
     * @param links       the new links
     */
    record Changes(Optional<String> displayName, Optional<String> handle, Optional<String> bio,
                   Optional<Optional<String>> pronouns, Optional<Optional<String>> language,
                   Optional<List<String>> links) {
    }
}
