package agora.user;

import agora.platform.security.Guards;
import agora.platform.security.Principal;
import agora.platform.web.Json;
import agora.platform.web.Routes;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The user routes. */
final class UserApi {
    private final Guards guards;
    private final Json json;

    UserApi(Guards guards, Json json) {
        this.guards = guards;
        this.json = json;
    }

    void routes(Routes api) {
        api.get("/api/users/me", guards.authenticated(this::me));
    }

    /** The signed-in member as this service knows them: for now their id and territory. */
    private void me(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        json.write(response, Status.OK_200, new UserView(principal.userId().toString(), principal.territory().value()));
    }

    /**
     * A member as the user service shows them.
     *
     * @param id        the account
     * @param territory its territory
     */
    record UserView(String id, String territory) {
    }
}
