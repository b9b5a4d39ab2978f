package agora.user.erasure;

import java.util.UUID;

import agora.user.profile.ProfileStore;

import io.helidon.dbclient.DbExecute;

/**
 * What the user service does when auth deletes an account ({@code auth.account_deleted}): the
 * profile goes, and with it (by the tables' cascades) the member's former handles, follows both
 * ways, follow requests both ways and blocks both ways. Nothing is kept for others' sake under the
 * member's id: follower counts are counted from the remaining rows, so they drop anonymously.
 * Avatar files are the avatar package's to erase. A second delivery finds nothing and does nothing.
 */
public final class Erasure {

    private Erasure() {
    }

    /**
     * Erases a member inside the consumer's transaction.
     *
     * @param db the transaction
     * @param id the deleted account
     */
    public static void erase(DbExecute db, UUID id) {
        ProfileStore.delete(db, id);
    }
}
