package agora.user;

import java.util.Optional;
import java.util.UUID;

import io.helidon.webserver.http.ServerRequest;

/** The member a path names: a UUID, or {@code me} for the signed-in caller. */
public final class ProfileIds {

    private ProfileIds() {
    }

    /**
     * The member named by the path parameter {@code id}.
     *
     * @param request the request
     * @param viewer  the caller
     * @return the id
     * @throws agora.platform.core.problem.ProblemException 404 {@code profile-not-found} when it names no one
     */
    public static UUID of(ServerRequest request, Viewer viewer) {
        String raw = request.path().pathParameters().first("id").orElse("");
        if (raw.equals("me") && viewer.member()) {
            return viewer.id();
        }
        return parse(raw).orElseThrow(UserProblems::notFound);
    }

    private static Optional<UUID> parse(String raw) {
        if (raw.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(raw));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
