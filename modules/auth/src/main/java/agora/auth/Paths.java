package agora.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.helidon.webserver.http.ServerRequest;

/** Path parameters of auth's routes. */
final class Paths {
    private Paths() {
    }

    /** A canonical UUID path parameter; empty for anything else (the route answers its own 404). */
    static Optional<UUID> uuid(ServerRequest request, String name) {
        String text = request.path().pathParameters().get(name);
        if (text.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equals(text.toLowerCase(Locale.ROOT)) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
