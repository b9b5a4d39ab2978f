package agora.auth;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import agora.platform.data.audit.AuditLog;

import io.helidon.dbclient.DbExecute;

/**
 * Auth's audit trail (DESIGN.md: who, what, target, when, from where), written in the transaction of
 * the action it records. The client address comes from the request's context, where the host puts
 * it for every service ({@code AuditLog.CLIENT_ADDRESS}), so the domain code need not carry it; work
 * without a request (a timer, a consumer) records none.
 */
final class Audit {
    private final AuditLog log;

    Audit(AuditLog log) {
        this.log = log;
    }

    /**
     * Records an action inside its transaction.
     *
     * @param db      the action's transaction
     * @param actor   who acted (empty: the operator or an anonymous caller)
     * @param action  the code, {@code auth.<thing>.<what happened>}
     * @param target  the id acted on
     * @param details codes and ids, never personal data beyond ids
     */
    void record(DbExecute db, Optional<UUID> actor, String action, Optional<?> target, Map<String, String> details) {
        log.record(db, actor, action, target.map(Object::toString), details);
    }

    AuditLog log() {
        return log;
    }
}
