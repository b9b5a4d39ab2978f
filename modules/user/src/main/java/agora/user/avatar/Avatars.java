package agora.user.avatar;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import agora.auth.api.AuthEvents;
import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.host.Mount;
import agora.platform.state.RateLimiter;

import io.helidon.config.Config;
import io.helidon.dbclient.DbExecute;

/**
 * Members' avatars: the use cases (replace, remove, erase on account deletion, read) and the one
 * entry the rest of the service uses. {@link #mount} declares the routes and the erasure consumer;
 * {@link #current} gives a profile the member's avatar URLs.
 */
public final class Avatars {
    /** The problems the avatar routes answer with, for {@code mount.problems}. */
    public static final List<ProblemKind> PROBLEMS = AvatarProblems.ALL;

    private final Database database;
    private final AvatarStore store;
    private final AvatarRendering rendering;
    private final RateLimiter limiter;
    private final RateLimiter.Limit uploads;
    private final Clock clock;

    Avatars(Database database, AvatarStore store, AvatarRendering rendering, RateLimiter limiter,
            RateLimiter.Limit uploads, Clock clock) {
        this.database = database;
        this.store = store;
        this.rendering = rendering;
        this.limiter = limiter;
        this.uploads = uploads;
        this.clock = clock;
    }

    /**
     * Declares the avatar routes and erasure on {@code auth.account_deleted}. Settings under
     * {@code agora.user.avatars}: {@code uploads-per-hour} (a member's uploads, default 20) and
     * {@code concurrent-decodes} (default 2).
     *
     * @param mount the user service's mount
     * @param sight who may see whose profile, and so its avatar
     * @return the avatars, for the profile view
     */
    public static Avatars mount(Mount mount, Sightline sight) {
        Config config = mount.config().get("avatars");
        RateLimiter.Limit uploads = new RateLimiter.Limit(config.get("uploads-per-hour").asInt().orElse(20),
                Duration.ofHours(1));
        Avatars avatars = new Avatars(mount.database(), new PostgresAvatarStore(),
                new AvatarRendering(config.get("concurrent-decodes").asInt().orElse(2)),
                mount.state().rateLimiter("avatar-uploads"), uploads, mount.clock());
        AvatarApi api = new AvatarApi(avatars, sight, mount.security().guards(), mount.resolver(),
                code -> mount.served().contains(code),
                mount.json());
        mount.routes(api::routes);
        mount.describe("Avatars", () -> "reads " + AvatarRendering.readableLabels() + ", stores 256/64 px JPEG in "
                + "PostgreSQL (user_avatars); " + uploads.permits() + " uploads an hour per member");
        mount.subscription("avatars", "auth")
                .on(AuthEvents.ACCOUNT_DELETED, (db, event, deleted) -> avatars.erase(db, deleted.userId()));
        return avatars;
    }

    /**
     * A member's current avatar URLs, for a profile to show.
     *
     * @param territory the member's territory
     * @param user      the member
     * @return the URLs; empty when the member has no avatar
     */
    public Optional<AvatarUrls> current(TerritoryCode territory, UUID user) {
        return database.inTerritory(territory, db -> current(db, territory, user));
    }

    /**
     * A member's current avatar URLs, inside the caller's transaction (a profile read that already has one).
     *
     * @param db        the transaction, in the member's territory
     * @param territory that territory
     * @param user      the member
     * @return the URLs; empty when the member has no avatar
     */
    public Optional<AvatarUrls> current(DbExecute db, TerritoryCode territory, UUID user) {
        return store.current(db, user).map(current -> urls(territory, user, current));
    }

    /**
     * Several members' current avatar URLs in one query (followers, search results).
     *
     * @param db        the transaction, in the members' territory
     * @param territory that territory
     * @param users     the members
     * @return the URLs of those who have an avatar
     */
    public Map<UUID, AvatarUrls> current(DbExecute db, TerritoryCode territory, Collection<UUID> users) {
        Map<UUID, AvatarUrls> urls = new HashMap<>();
        store.current(db, users).forEach((user, current) -> urls.put(user, urls(territory, user, current)));
        return urls;
    }

    /**
     * Counts an upload attempt against the member's hourly limit: before its body is read, so a
     * refusal costs neither the bandwidth nor the decoding.
     *
     * @throws agora.platform.core.problem.ProblemException 429 with {@code Retry-After} when the limit is used up
     */
    void admit(TerritoryCode territory, UUID user) {
        RateLimiter.Decision decision = limiter.acquire(territory.value() + ":" + user, uploads);
        if (!decision.allowed()) {
            long seconds = Math.max(1, decision.retryAfter().toSeconds());
            throw AvatarProblems.problem(AvatarProblems.THROTTLED, "avatar.throttled", uploads.permits(), seconds)
                    .header("Retry-After", Long.toString(seconds));
        }
    }

    /** Checks, renders and stores an upload as the member's avatar. */
    AvatarUrls replace(TerritoryCode territory, UUID user, Upload upload) {
        ImageFormat format = ImageFormat.sniff(upload.bytes()).orElseThrow(() -> AvatarProblems.problem(
                AvatarProblems.UNSUPPORTED_TYPE, "avatar.unsupported-type", AvatarRendering.readableLabels()));
        upload.declaredType().filter(declared -> !format.isCalled(declared)).ifPresent(declared -> {
            throw AvatarProblems.problem(AvatarProblems.TYPE_MISMATCH, "avatar.type-mismatch", declared, format.label());
        });
        if (!AvatarRendering.readable().contains(format)) {
            throw AvatarProblems.problem(AvatarProblems.UNSUPPORTED_TYPE, "avatar.unsupported-type",
                    AvatarRendering.readableLabels());
        }
        ImageHeader header = ImageHeader.read(format, upload.bytes());
        List<byte[]> rendered = rendering.render(header, upload.bytes());
        List<AvatarStore.StoredFile> files = new ArrayList<>();
        for (int i = 0; i < rendered.size(); i++) {
            files.add(new AvatarStore.StoredFile(name(rendered.get(i), AvatarRendering.SIZES.get(i)), rendered.get(i)));
        }
        database.runInTerritory(territory, db -> store.replace(db, user, files, clock.instant()));
        return urls(territory, user, new AvatarStore.Current(files.get(0).name(), files.get(1).name()));
    }

    /** Removes the member's avatar; nothing when there is none. */
    void remove(TerritoryCode territory, UUID user) {
        database.runInTerritory(territory, db -> store.remove(db, user));
    }

    /**
     * The member's current avatar files, by name, for their export; none when they have no avatar.
     *
     * @param territory the member's territory
     * @param user      the member
     * @return the files' bytes by file name, the larger first
     */
    public Map<String, byte[]> files(TerritoryCode territory, UUID user) {
        return database.inTerritory(territory, db -> {
            Map<String, byte[]> files = new java.util.LinkedHashMap<>();
            store.current(db, user).ifPresent(current -> {
                for (String name : List.of(current.large(), current.small())) {
                    store.file(db, user, name).ifPresent(bytes -> files.put(name, bytes));
                }
            });
            return files;
        });
    }

    /** The bytes of one current file. */
    Optional<byte[]> file(TerritoryCode territory, UUID user, String name) {
        return database.inTerritory(territory, db -> store.file(db, user, name));
    }

    /** Erases a member's avatar inside the given transaction: what the consumer does. */
    boolean erase(DbExecute db, UUID user) {
        return store.remove(db, user);
    }

    static AvatarUrls urls(TerritoryCode territory, UUID user, AvatarStore.Current current) {
        return new AvatarFiles(current.large(), current.small()).urls(territory, user);
    }

    /* <first 32 hex digits of the SHA-256 of the bytes>-<pixels>.jpg: a new picture is a new URL. */
    static String name(byte[] bytes, int pixels) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, 16) + "-" + pixels + ".jpg";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
