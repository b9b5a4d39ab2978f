package agora.user.follow;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.events.EventScope;
import agora.platform.events.Outbox;
import agora.user.Audit;
import agora.user.UserProblems;
import agora.user.Viewer;
import agora.user.api.UserEvents;
import agora.user.profile.ProfileStore;
import agora.user.profile.Profiles;

/**
 * Follows, follow requests and blocks. A locked account's followers need approval; a block removes
 * follows and requests both ways, stops new ones and hides both members from each other.
 */
public final class Follows {
    private final Database database;
    private final Profiles profiles;
    private final Outbox outbox;
    private final Clock clock;
    private final Audit audit;

    /**
     * @param database the pod's database
     * @param profiles the profiles (a member without one yet gets it here)
     * @param outbox   the user service's outbox
     * @param clock    the clock
     * @param audit    the audit trail
     */
    public Follows(Database database, Profiles profiles, Outbox outbox, Clock clock, Audit audit) {
        this.database = database;
        this.profiles = profiles;
        this.outbox = outbox;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * Follows a member, or asks to when their account is locked. Following again changes nothing.
     *
     * @return the relation after
     */
    FollowState follow(TerritoryCode territory, UUID follower, UUID followee) {
        if (follower.equals(followee)) {
            throw UserProblems.problem(UserProblems.CANNOT_FOLLOW_SELF, "follow.self");
        }
        if (!profiles.ensure(territory, followee) || !profiles.ensure(territory, follower)) {
            throw UserProblems.notFound();
        }
        Instant now = clock.instant();
        return database.inTerritory(territory, db -> {
            ProfileStore.lock(db, followee);
            // A block either way hides the member: the same answer as no member at all.
            if (BlockStore.either(db, follower, followee)) {
                throw UserProblems.notFound();
            }
            if (FollowStore.follows(db, follower, followee)) {
                return FollowState.FOLLOWING;
            }
            if (ProfileStore.locked(db, followee)) {
                FollowStore.request(db, follower, followee, now);
                return FollowState.REQUESTED;
            }
            FollowStore.follow(db, follower, followee, now);
            return FollowState.FOLLOWING;
        });
    }

    /** Stops following a member, or withdraws the request; nothing to stop is no error. */
    void unfollow(TerritoryCode territory, UUID follower, UUID followee) {
        database.runInTerritory(territory, db -> FollowStore.unfollow(db, follower, followee));
    }

    /** Approves a waiting request: the requester follows the member from now on. */
    void approve(TerritoryCode territory, UUID member, UUID requester) {
        Instant now = clock.instant();
        database.runInTerritory(territory, db -> {
            if (!FollowStore.withdraw(db, requester, member)) {
                throw UserProblems.problem(UserProblems.FOLLOW_REQUEST_NOT_FOUND, "follow-request.not-found");
            }
            FollowStore.follow(db, requester, member, now);
        });
    }

    /** Rejects a waiting request; the requester may ask again. */
    void reject(TerritoryCode territory, UUID member, UUID requester) {
        database.runInTerritory(territory, db -> {
            if (!FollowStore.withdraw(db, requester, member)) {
                throw UserProblems.problem(UserProblems.FOLLOW_REQUEST_NOT_FOUND, "follow-request.not-found");
            }
        });
    }

    /** A member's followers, as the viewer may see them (the member's profile must be visible to the viewer). */
    List<MemberItem> followers(TerritoryCode territory, Viewer viewer, UUID member, Object[] after, int limit) {
        profiles.seen(territory, viewer, member);
        return database.inTerritory(territory, db -> FollowStore.followers(db, viewer, member, after, limit));
    }

    /** Whom a member follows, as the viewer may see them. */
    List<MemberItem> following(TerritoryCode territory, Viewer viewer, UUID member, Object[] after, int limit) {
        profiles.seen(territory, viewer, member);
        return database.inTerritory(territory, db -> FollowStore.following(db, viewer, member, after, limit));
    }

    List<MemberItem> requests(TerritoryCode territory, UUID member, Object[] after, int limit) {
        return database.inTerritory(territory, db -> FollowStore.requests(db, member, after, limit));
    }

    /**
     * Blocks a member: follows and requests both ways go, and {@code user.blocked} is published in
     * the same transaction. Blocking again changes nothing.
     */
    void block(TerritoryCode territory, UUID blocker, UUID blocked) {
        if (blocker.equals(blocked)) {
            throw UserProblems.problem(UserProblems.CANNOT_BLOCK_SELF, "block.self");
        }
        // Any member may be blocked, seen or not: a block protects, so it needs only that they exist.
        if (!profiles.ensure(territory, blocked) || !profiles.ensure(territory, blocker)) {
            throw UserProblems.notFound();
        }
        Instant now = clock.instant();
        database.runInTerritory(territory, db -> {
            long version = ProfileStore.bump(db, blocker);
            if (!BlockStore.block(db, blocker, blocked, now)) {
                return;
            }
            FollowStore.sever(db, blocker, blocked);
            outbox.append(db, EventScope.territory(territory), UserEvents.BLOCKED, blocker.toString(), version,
                    new UserEvents.Blocked(blocker, blocked));
            audit.record(db, blocker, "user.block.created", blocked, Map.of());
        });
    }

    /** Lifts a block ({@code user.unblocked}); no block to lift is no error. */
    void unblock(TerritoryCode territory, UUID blocker, UUID blocked) {
        database.runInTerritory(territory, db -> {
            if (!ProfileStore.exists(db, blocker)) {
                return;
            }
            long version = ProfileStore.bump(db, blocker);
            if (BlockStore.unblock(db, blocker, blocked)) {
                outbox.append(db, EventScope.territory(territory), UserEvents.UNBLOCKED, blocker.toString(), version,
                        new UserEvents.Unblocked(blocker, blocked));
                audit.record(db, blocker, "user.block.lifted", blocked, Map.of());
            }
        });
    }

    List<MemberItem> blocks(TerritoryCode territory, UUID blocker, Object[] after, int limit) {
        return database.inTerritory(territory, db -> BlockStore.list(db, blocker, after, limit));
    }

    /** Where a follow stands after {@code POST /follow}. */
    enum FollowState {
        /** The caller follows the member. */
        FOLLOWING,
        /** The member's account is locked: the request waits for approval. */
        REQUESTED;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
