package agora.platform.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** A handler that answers with the principal it sees, or "anonymous". */
final class Echo {
    private Echo() {
    }

    static void principal(ServerRequest request, ServerResponse response) {
        Map<String, Object> body = new LinkedHashMap<>();
        Guards.principal(request).ifPresentOrElse(principal -> {
            body.put("user", principal.userId().toString());
            body.put("territory", principal.territory().value());
            body.put("roles", new TreeSet<>(principal.roles()));
            body.put("session", principal.sessionId().toString());
            body.put("expiresAt", principal.expiresAt().toString());
        }, () -> body.put("user", "anonymous"));
        TestPlatform.get().json().write(response, Status.OK_200, body);
    }
}
