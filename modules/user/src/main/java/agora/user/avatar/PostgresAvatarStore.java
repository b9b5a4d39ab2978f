package agora.user.avatar;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import agora.platform.data.Database;

import io.helidon.dbclient.DbExecute;

/**
 * Avatar files as {@code bytea} in the territory's {@code user_avatars} table (db/user V5): no disk
 * shared between pods, backed up with everything else, erased in the same commit as the rest of
 * a member. A row holds both sizes (about 30 KB together), so replacing and erasing are one statement.
 */
final class PostgresAvatarStore implements AvatarStore {
    private static final String CURRENT = "SELECT large_name, small_name FROM user_avatars WHERE user_id = ?";
    private static final String CURRENT_OF =
            "SELECT user_id, large_name, small_name FROM user_avatars WHERE user_id = ANY(?)";
    private static final String FILE = "SELECT CASE WHEN large_name = ? THEN large_bytes ELSE small_bytes END AS bytes "
            + "FROM user_avatars WHERE user_id = ? AND (large_name = ? OR small_name = ?)";
    private static final String REPLACE = "INSERT INTO user_avatars (user_id, large_name, large_bytes, small_name, "
            + "small_bytes, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
            + "large_name = EXCLUDED.large_name, large_bytes = EXCLUDED.large_bytes, small_name = EXCLUDED.small_name, "
            + "small_bytes = EXCLUDED.small_bytes, updated_at = EXCLUDED.updated_at";
    private static final String REMOVE = "DELETE FROM user_avatars WHERE user_id = ?";

    @Override
    public Optional<Current> current(DbExecute db, UUID user) {
        return db.get(CURRENT, user).map(row -> new Current(row.column("large_name").get(String.class),
                row.column("small_name").get(String.class)));
    }

    @Override
    public Map<UUID, Current> current(DbExecute db, Collection<UUID> users) {
        if (users.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Current> found = new HashMap<>();
        db.query(CURRENT_OF, (Object) users.toArray(UUID[]::new)).forEach(row -> found.put(
                row.column("user_id").get(UUID.class),
                new Current(row.column("large_name").get(String.class), row.column("small_name").get(String.class))));
        return found;
    }

    @Override
    public Optional<byte[]> file(DbExecute db, UUID user, String name) {
        return db.get(FILE, name, user, name, name).map(row -> row.column("bytes").get(byte[].class));
    }

    @Override
    public void replace(DbExecute db, UUID user, List<StoredFile> files, Instant now) {
        if (files.size() != 2) {
            throw new IllegalArgumentException("an avatar is stored in two sizes, not " + files.size());
        }
        db.dml(REPLACE, user, files.get(0).name(), files.get(0).bytes(), files.get(1).name(), files.get(1).bytes(),
                Database.timestamp(now));
    }

    @Override
    public boolean remove(DbExecute db, UUID user) {
        return db.dml(REMOVE, user) > 0;
    }
}
