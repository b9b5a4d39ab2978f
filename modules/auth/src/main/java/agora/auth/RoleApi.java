package agora.auth;

import java.util.UUID;

import agora.auth.api.AuthRoles;
import agora.platform.security.Guards;
import agora.platform.security.Principal;
import agora.platform.web.Json;
import agora.platform.web.Routes;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A territory admin grants and withdraws roles: {@code PUT} and {@code DELETE
 * /api/auth/accounts/{id}/roles/{role}}. Both are idempotent and answer 200 with the account as it
 * is afterwards, changed or not, so a retry hears what the first call heard.
 */
final class RoleApi {
    private final Roles roles;
    private final Guards guards;
    private final Json json;

    RoleApi(Roles roles, Guards guards, Json json) {
        this.roles = roles;
        this.guards = guards;
        this.json = json;
    }

    void routes(Routes api) {
        api.put("/api/auth/accounts/{id}/roles/{role}", guards.role(AuthRoles.TERRITORY_ADMIN, this::grant))
                .delete("/api/auth/accounts/{id}/roles/{role}", guards.role(AuthRoles.TERRITORY_ADMIN, this::withdraw));
    }

    private void grant(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        json.write(response, Status.OK_200, AccountView.of(
                roles.grant(principal.territory(), principal.userId(), id(request), role(request))));
    }

    private void withdraw(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        json.write(response, Status.OK_200, AccountView.of(
                roles.withdraw(principal.territory(), principal.userId(), id(request), role(request))));
    }

    private static UUID id(ServerRequest request) {
        return Paths.uuid(request, "id")
                .orElseThrow(() -> AuthProblems.problem(AuthProblems.ACCOUNT_NOT_FOUND, "account.not-found"));
    }

    private static String role(ServerRequest request) {
        return request.path().pathParameters().first("role").orElse("");
    }
}
