package agora.user.profile;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import agora.platform.data.Database;
import agora.platform.data.Rows;
import agora.user.Viewer;
import agora.user.avatar.AvatarFiles;
import agora.user.privacy.Privacy;
import agora.user.privacy.Sight;
import agora.user.privacy.Visibility;
import agora.user.search.SearchIndex;
import agora.user.search.SearchText;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/** The table {@code user_profiles} (and the former handles) of one territory's schema, inside the caller's transaction. */
public final class ProfileStore {
    private static final String COLUMNS = "p.id, p.display_name, p.handle, p.bio, p.bio_html, p.pronouns, p.language, "
            + "array_to_string(p.links, ' ') AS links, p.visibility, p.locked, p.searchable, p.show_badges, "
            + "p.show_courses, p.created_at, p.updated_at, "
            + "(SELECT count(*) FROM user_follows c WHERE c.followee_id = p.id) AS followers, "
            + "(SELECT count(*) FROM user_follows c WHERE c.follower_id = p.id) AS following, "
            + "EXISTS (SELECT 1 FROM user_follows c WHERE c.follower_id = v.id AND c.followee_id = p.id) AS followed, "
            + "EXISTS (SELECT 1 FROM user_follow_requests c WHERE c.requester_id = v.id AND c.target_id = p.id) "
            + "AS requested, a.large_name AS avatar_large, a.small_name AS avatar_small";
    /* One statement answers the read: the profile, its counts, the reader's relation and whether they may see it. */
    private static final String SEEN = "WITH " + Sight.VIEWER + " SELECT " + COLUMNS + ", " + Sight.SEES
            + " AS visible FROM user_profiles p CROSS JOIN viewer v LEFT JOIN user_avatars a ON a.user_id = p.id"
            + " WHERE p.id = ?";
    private static final String BY_HANDLE = "WITH " + Sight.VIEWER + " SELECT " + COLUMNS + ", " + Sight.SEES
            + " AS visible FROM user_profiles p CROSS JOIN viewer v LEFT JOIN user_avatars a ON a.user_id = p.id"
            + " WHERE p.id = COALESCE("
            + "(SELECT id FROM user_profiles WHERE handle_key = ?), "
            + "(SELECT user_id FROM user_former_handles WHERE handle_key = ? AND released_at > ?))";
    private static final String LOCK = "SELECT id FROM user_profiles WHERE id = ? FOR UPDATE";
    private static final String INSERT = "INSERT INTO user_profiles (id, display_name, search_text, created_at, "
            + "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
    private static final String UPDATE = "UPDATE user_profiles SET display_name = ?, handle = ?, handle_key = ?, "
            + "bio = ?, bio_html = ?, pronouns = ?, language = ?, links = string_to_array(?, ' '), search_text = ?, "
            + "updated_at = ?, version = version + 1 WHERE id = ?";
    private static final String SET_PRIVACY = "UPDATE user_profiles SET visibility = ?, locked = ?, searchable = ?, "
            + "show_badges = ?, show_courses = ?, updated_at = ?, version = version + 1 WHERE id = ?";
    private static final String BUMP = "UPDATE user_profiles SET version = version + 1 WHERE id = ? RETURNING version";
    private static final String HANDLE_OWNER = "SELECT id FROM user_profiles WHERE handle_key = ?";
    private static final String FORMER_OWNER = "SELECT user_id FROM user_former_handles WHERE handle_key = ? "
            + "AND released_at > ?";
    private static final String FORGET_FORMER = "DELETE FROM user_former_handles WHERE handle_key = ?";
    private static final String KEEP_FORMER = "INSERT INTO user_former_handles (handle_key, user_id, released_at) "
            + "VALUES (?, ?, ?) ON CONFLICT (handle_key) DO UPDATE SET user_id = EXCLUDED.user_id, "
            + "released_at = EXCLUDED.released_at";
    private static final String DELETE = "DELETE FROM user_profiles WHERE id = ?";
    private static final String LOCKED = "SELECT locked FROM user_profiles WHERE id = ?";
    private static final String EXISTS = "SELECT EXISTS (SELECT 1 FROM user_profiles WHERE id = ?) AS present";

    private ProfileStore() {
    }

    /**
     * A profile as a viewer would read it.
     *
     * @return empty when there is no such profile; a {@link Sighted} saying whether the viewer may see it otherwise
     */
    static Optional<Sighted> seen(DbExecute db, Viewer viewer, UUID id) {
        return db.get(SEEN, viewer.id(), viewer.member(), id).map(ProfileStore::sighted);
    }

    /** The profile with a current handle, or a former one released after {@code reservedSince}. */
    static Optional<Sighted> byHandle(DbExecute db, Viewer viewer, String handleKey, Instant reservedSince) {
        return db.get(BY_HANDLE, viewer.id(), viewer.member(), handleKey, handleKey, Database.timestamp(reservedSince))
                .map(ProfileStore::sighted);
    }

    /** Locks a profile's row until the transaction ends; false when there is none. */
    public static boolean lock(DbExecute db, UUID id) {
        return db.get(LOCK, id).isPresent();
    }

    /** Whether the member's follows need approval (false when there is no such profile). */
    public static boolean locked(DbExecute db, UUID id) {
        return db.get(LOCKED, id).map(row -> row.column("locked").get(Boolean.class)).orElse(false);
    }

    /** Whether a profile exists. */
    public static boolean exists(DbExecute db, UUID id) {
        return db.get(EXISTS, id).map(row -> row.column("present").get(Boolean.class)).orElse(false);
    }

    /** Inserts a fresh profile with default settings unless the member has one; returns whether it inserted. */
    public static boolean insert(DbExecute db, UUID id, String displayName, Instant now) {
        String searchText = SearchText.column(null, displayName);
        boolean inserted = db.dml(INSERT, id, displayName, searchText, Database.timestamp(now),
                Database.timestamp(now)) == 1;
        if (inserted) {
            SearchIndex.add(db, id, searchText);
        }
        return inserted;
    }

    static void update(DbExecute db, UUID id, Edit edit, Instant now) {
        String searchText = SearchText.column(edit.handle().orElse(null), edit.displayName());
        db.dml(UPDATE, edit.displayName(), edit.handle().orElse(null), edit.handle().map(Handles::key).orElse(null),
                edit.bio(), edit.bioHtml(), edit.pronouns().orElse(null), edit.language().orElse(null),
                String.join(" ", edit.links()), searchText, Database.timestamp(now), id);
        SearchIndex.index(db, id, searchText);
    }

    /** Stores new privacy settings. */
    public static void setPrivacy(DbExecute db, UUID id, Privacy privacy, Instant now) {
        db.dml(SET_PRIVACY, privacy.visibility().wire(), privacy.locked(), privacy.searchable(), privacy.showBadges(),
                privacy.showCourses(), Database.timestamp(now), id);
    }

    /** Counts a change of the member's aggregate (a block) and answers its new version, for the event. */
    public static long bump(DbExecute db, UUID id) {
        return db.get(BUMP, id).map(row -> row.column("version").get(Long.class)).orElse(1L);
    }

    static Optional<UUID> handleOwner(DbExecute db, String key) {
        return db.get(HANDLE_OWNER, key).map(row -> row.column("id").get(UUID.class));
    }

    static Optional<UUID> formerOwner(DbExecute db, String key, Instant reservedSince) {
        return db.get(FORMER_OWNER, key, Database.timestamp(reservedSince))
                .map(row -> row.column("user_id").get(UUID.class));
    }

    static void forgetFormer(DbExecute db, String key) {
        db.dml(FORGET_FORMER, key);
    }

    static void keepFormer(DbExecute db, String key, UUID owner, Instant now) {
        db.dml(KEEP_FORMER, key, owner, Database.timestamp(now));
    }

    /** Deletes a profile; follows, requests, blocks and former handles go with it. Returns whether there was one. */
    public static boolean delete(DbExecute db, UUID id) {
        SearchIndex.forget(db, id);
        return db.dml(DELETE, id) == 1;
    }

    private static Sighted sighted(DbRow row) {
        String links = Rows.optionalString(row, "links").orElse("");
        Privacy privacy = new Privacy(Visibility.fromWire(row.column("visibility").get(String.class)).orElseThrow(),
                row.column("locked").get(Boolean.class), row.column("searchable").get(Boolean.class),
                row.column("show_badges").get(Boolean.class), row.column("show_courses").get(Boolean.class));
        Profile profile = new Profile(row.column("id").get(UUID.class), row.column("display_name").get(String.class),
                Rows.optionalString(row, "handle"), row.column("bio").get(String.class),
                row.column("bio_html").get(String.class), Rows.optionalString(row, "pronouns"),
                Rows.optionalString(row, "language"), links.isEmpty() ? List.of() : Arrays.asList(links.split(" ")),
                privacy, row.column("followers").get(Long.class), row.column("following").get(Long.class),
                row.column("followed").get(Boolean.class), row.column("requested").get(Boolean.class),
                Rows.instant(row, "created_at"), Rows.instant(row, "updated_at"),
                Rows.optionalString(row, "avatar_large").map(large -> new AvatarFiles(large,
                        row.column("avatar_small").get(String.class))));
        return new Sighted(profile, row.column("visible").get(Boolean.class));
    }

    /**
     * A stored profile and whether the viewer may see it.
     *
     * @param profile the profile
     * @param visible whether the viewer may see it
     */
    record Sighted(Profile profile, boolean visible) {
    }

    /**
     * A profile's editable fields, whole.
     *
     * @param displayName the name
     * @param handle      the handle as written
     * @param bio         Markdown
     * @param bioHtml     its rendering
     * @param pronouns    pronouns
     * @param language    preferred language
     * @param links       links
     */
    record Edit(String displayName, Optional<String> handle, String bio, String bioHtml, Optional<String> pronouns,
                Optional<String> language, List<String> links) {
    }
}
