package agora.user;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import agora.platform.data.audit.AuditLog;
import agora.platform.security.web.ClientAddress;

import io.helidon.common.context.Contexts;
import io.helidon.dbclient.DbExecute;
import io.helidon.webserver.http.Filter;

/**
 * The user service's audit trail (who, what, target, when, from where), written in the transaction
 * of the action it records, as auth's is: blocks, privacy changes and handle changes, the actions a
 * moderator may need to reconstruct. The client address comes from the request's context, where
 * {@link #filter} puts it.
 */
public final class Audit {
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
     * @param actor   who acted
     * @param action  the code, {@code user.<thing>.<what happened>}
     * @param target  the id acted on
     * @param details codes and ids, never personal data beyond ids
     */
    public void record(DbExecute db, UUID actor, String action, UUID target, Map<String, String> details) {
        Optional<String> address = Contexts.context().flatMap(context -> context.get(ADDRESS, String.class));
        log.record(db, Optional.of(actor), action, Optional.of(target.toString()), address, details);
    }
}
