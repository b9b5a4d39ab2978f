package agora.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.helidon.webserver.http.ServerRequest;

/** Ids in auth's paths and query parameters. */
final class Paths {
    private Paths() {
    }

    /** A canonical UUID path parameter; empty for anything else (the route answers its own 404). */
    static Optional<UUID> uuid(ServerRequest request, String name) {
        return uuid(request.path().pathParameters().get(name));
    }

    /** A UUID in its canonical 36-character form (any case); {@link UUID#fromString} also takes shortened groups. */
    static Optional<UUID> uuid(String text) {
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
