package agora.auth;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import agora.platform.data.audit.AuditLog;
import agora.platform.security.web.ClientAddress;

import io.helidon.common.context.Contexts;
import io.helidon.dbclient.DbExecute;
import io.helidon.webserver.http.Filter;

/**
 * Auth's audit trail (DESIGN.md: who, what, target, when, from where), written in the transaction of
 * the action it records. The client address comes from the request's context, where
 * {@link #filter} puts it, so the domain code need not carry it; work without a request (the
 * operator's commands run through the operator listener, which has one too) records none.
 */
final class Audit {
    private static final String ADDRESS = Audit.class.getName() + ".address";

    private final AuditLog log;

    Audit(AuditLog log) {
        this.log = log;
    }

    /** Puts each request's client address (behind trusted proxies) where {@link #record} finds it. */
    static Filter filter(ClientAddress clientAddress) {
        return (chain, request, response) -> {
            request.context().register(ADDRESS, clientAddress.of(request).getHostAddress());
            chain.proceed();
        };
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
        Optional<String> address = Contexts.context().flatMap(context -> context.get(ADDRESS, String.class));
        log.record(db, actor, action, target.map(Object::toString), address, details);
    }

    AuditLog log() {
        return log;
    }
}
