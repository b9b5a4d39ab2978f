package agora.user;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import agora.platform.data.audit.AuditLog;

import io.helidon.dbclient.DbExecute;

/**
 * The user service's audit trail (who, what, target, when, from where), written in the transaction
 * of the action it records, as auth's is: blocks, privacy changes and handle changes, the actions a
 * moderator may need to reconstruct. The client address comes from the request's context, where
 * the host puts it for every service ({@code AuditLog.CLIENT_ADDRESS}).
 */
public final class Audit {
    private final AuditLog log;

    Audit(AuditLog log) {
        this.log = log;
    }

    /**
     * Records an action inside its transaction.
     *
     * @param db      the action's transaction
     * @param actor   who acted
     * @param action  the code, {@code user.<thing>.<what happened>}
     * @param target  the id acted on
     * @param details codes and ids, never personal data beyond ids
     */
    public void record(DbExecute db, UUID actor, String action, UUID target, Map<String, String> details) {
        log.record(db, Optional.of(actor), action, Optional.of(target.toString()), details);
    }
}
