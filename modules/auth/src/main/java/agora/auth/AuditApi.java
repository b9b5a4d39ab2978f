package agora.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import agora.auth.api.AuthRoles;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.Validation;
import agora.platform.data.Database;
import agora.platform.data.audit.AuditEntry;
import agora.platform.data.audit.AuditLog;
import agora.platform.security.Guards;
import agora.platform.security.Principal;
import agora.platform.web.Json;
import agora.platform.web.Routes;
import agora.platform.web.paging.Cursors;
import agora.platform.web.paging.Page;
import agora.platform.web.paging.PageRequest;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Territory admins read auth's audit trail: sign-ins, status changes, invitations, password and factor changes. */
final class AuditApi {
    static final String LIST = "auth-audit";
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_.-]{0,99}");
    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9-]{1,100}");

    private final AuditLog log;
    private final Database database;
    private final Guards guards;
    private final Json json;
    private final Cursors cursors;

    AuditApi(AuditLog log, Database database, Guards guards, Json json, Cursors cursors) {
        this.log = log;
        this.database = database;
        this.guards = guards;
        this.json = json;
        this.cursors = cursors;
    }

    void routes(Routes api) {
        api.get("/api/auth/audit", guards.role(AuthRoles.TERRITORY_ADMIN, this::list));
    }

    private void list(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        Validation validation = new Validation();
        Optional<String> target = parameter(request, "target", TARGET, validation);
        Optional<String> action = parameter(request, "action", ACTION, validation);
        Optional<UUID> actor = parameter(request, "actor", TARGET, validation).flatMap(text -> {
            Optional<UUID> id = Paths.uuid(text);
            validation.check(id.isPresent(), FieldError.query("actor", "invalid-id", AuthProblems.MESSAGES.text("field.id")));
            return id;
        });
        validation.throwIfInvalid();
        PageRequest page = cursors.request(request, LIST + target.orElse("") + actor.map(UUID::toString).orElse("")
                + action.orElse(""));
        Optional<UUID> before = page.after().map(position -> UUID.fromString(position.getFirst()));
        List<AuditEntry> rows = database.inTerritory(principal.territory(), db -> log.page(db,
                new AuditLog.Filter(target, actor, action), before, page.fetchSize()));
        json.write(response, Status.OK_200, Page.of(rows, page, cursors, entry -> List.of(entry.id().toString()))
                .map(AuditView::of));
    }

    private static Optional<String> parameter(ServerRequest request, String name, Pattern pattern,
                                              Validation validation) {
        Optional<String> value = request.query().first(name).asOptional();
        value.ifPresent(text -> validation.check(pattern.matcher(text).matches(), FieldError.query(name,
                "invalid-parameter", AuthProblems.MESSAGES.text("field.audit-filter"))));
        return value.filter(text -> pattern.matcher(text).matches());
    }

    /**
     * One entry of the trail.
     *
     * @param id            the entry (UUIDv7)
     * @param actor         who acted
     * @param action        what happened
     * @param target        the id acted on
     * @param occurredAt    when
     * @param clientAddress from where
     * @param details       codes and ids
     */
    record AuditView(UUID id, Optional<UUID> actor, String action, Optional<String> target, Instant occurredAt,
                     Optional<String> clientAddress, Map<String, String> details) {
        static AuditView of(AuditEntry entry) {
            return new AuditView(entry.id(), entry.actor(), entry.action(), entry.target(), entry.occurredAt(),
                    entry.clientAddress(), entry.details());
        }
    }
}
