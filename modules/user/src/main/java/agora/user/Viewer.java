package agora.user;

import java.util.UUID;

import agora.platform.security.Guards;

import io.helidon.webserver.http.ServerRequest;

/**
 * Who is looking: a signed-in member of the request's territory, or nobody. Every read path decides
 * what to show from this alone (with the profile's privacy and the blocks between them).
 *
 * @param id     the member, {@link #NOBODY} when anonymous
 * @param member whether the caller is signed in
 */
public record Viewer(UUID id, boolean member) {
    /** The id of an anonymous viewer: no profile has it. */
    public static final UUID NOBODY = new UUID(0, 0);
    /** An anonymous viewer. */
    public static final Viewer ANONYMOUS = new Viewer(NOBODY, false);

    /**
     * The viewer of a request whose guard has run.
     *
     * @param request the request
     * @return the signed-in member, else {@link #ANONYMOUS}
     */
    public static Viewer of(ServerRequest request) {
        return Guards.principal(request).map(principal -> new Viewer(principal.userId(), true)).orElse(ANONYMOUS);
    }
}
