package agora.user.avatar;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.helidon.dbclient.DbExecute;

/**
 * Where a member's avatar files live: the one seam an IPFS-backed store replaces. Every call takes
 * the caller's transaction in the member's territory, so that what the service records about the
 * avatar (its current file names) changes together with the files, and erasure is one commit.
 */
interface AvatarStore {

    /**
     * The member's current avatar, names only.
     *
     * @param db   the transaction
     * @param user the member
     * @return the file names, largest first; empty when the member has none
     */
    Optional<Current> current(DbExecute db, UUID user);

    /**
     * The current avatars of several members at once (a list of profiles), names only.
     *
     * @param db    the transaction
     * @param users the members
     * @return the file names of those who have an avatar
     */
    Map<UUID, Current> current(DbExecute db, Collection<UUID> users);

    /**
     * One file of the member's current avatar.
     *
     * @param db   the transaction
     * @param user the member
     * @param name the file's name
     * @return its bytes; empty when it is not (or no longer) the member's
     */
    Optional<byte[]> file(DbExecute db, UUID user, String name);

    /**
     * Makes these files the member's avatar; the former files are gone once this commits.
     *
     * @param db    the transaction
     * @param user  the member
     * @param files the files, largest first
     * @param now   when
     */
    void replace(DbExecute db, UUID user, List<StoredFile> files, Instant now);

    /**
     * Removes the member's avatar files; nothing when there are none.
     *
     * @param db   the transaction
     * @param user the member
     * @return whether there were files
     */
    boolean remove(DbExecute db, UUID user);

    /**
     * One stored file.
     *
     * @param name  its name, which carries its content hash
     * @param bytes its content
     */
    record StoredFile(String name, byte[] bytes) {
    }

    /**
     * The names of a member's current files.
     *
     * @param large the large size's name
     * @param small the small size's name
     */
    record Current(String large, String small) {
    }
}
