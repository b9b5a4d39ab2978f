package agora.auth;

import java.util.Map;

import agora.platform.host.AgoraService;
import agora.platform.host.Mount;
import agora.platform.security.Guards;
import agora.platform.security.Principal;

import io.helidon.http.Status;

/**
 * Another service of the pod, deployed apart from auth: it verifies tokens with keys fetched from
 * auth over HTTP and asks auth's internal listener for account facts on a miss, over the same
 * Redis. Its two guarded routes let tests watch a suspension, deletion, logout or withheld role
 * reach a service that is not auth.
 */
public final class Probe implements AgoraService {
    static final String WHOAMI = "/api/other/whoami";
    static final String ADMIN = "/api/other/admin";
    /** Stands for a route that admits restricted sessions (moderation's appeal routes). */
    static final String APPEAL = "/api/other/appeal";

    /** For the host. */
    public Probe() {
    }

    @Override
    public String name() {
        return "probe";
    }

    @Override
    public void mount(Mount mount) {
        Guards guards = mount.security().guards();
        mount.routes(routes -> routes
                .get(WHOAMI, guards.authenticated((request, response) -> {
                    Principal principal = Guards.principal(request).orElseThrow();
                    mount.json().write(response, Status.OK_200, Map.of("user", principal.userId().toString()));
                }))
                .get(APPEAL, guards.allowingRestricted((request, response) -> {
                    Principal principal = Guards.principal(request).orElseThrow();
                    mount.json().write(response, Status.OK_200, Map.of("user", principal.userId().toString(),
                            "restricted", principal.restricted()));
                }))
                .get(ADMIN, guards.role("territory-admin", (request, response) -> {
                    Principal principal = Guards.principal(request).orElseThrow();
                    mount.json().write(response, Status.OK_200, Map.of("user", principal.userId().toString()));
                })));
    }
}
