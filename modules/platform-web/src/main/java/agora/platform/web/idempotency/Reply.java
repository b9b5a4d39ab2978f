package agora.platform.web.idempotency;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import io.helidon.http.Status;

/**
 * What a creating handler answers: a status, an optional {@code Location} and a body to be written
 * as JSON. Returned rather than sent, so that {@link Idempotency} can keep it for replays.
 *
 * @param status   the status
 * @param location where the created resource lives
 * @param body     the body, written as JSON
 * @param replay   what a replay answers instead, when the first answer holds a secret that must not
 *                 be kept at rest (an invitation token); the client reads the resource for it
 */
public record Reply(Status status, Optional<URI> location, Object body, Optional<Object> replay) {

    /**
     * {@code 201 Created} with {@code Location}.
     *
     * @param location the new resource
     * @param body     its representation
     * @return the reply
     */
    public static Reply created(URI location, Object body) {
        return new Reply(Status.CREATED_201, Optional.of(location), body, Optional.empty());
    }

    /**
     * {@code 200 OK}.
     *
     * @param body the body
     * @return the reply
     */
    public static Reply ok(Object body) {
        return new Reply(Status.OK_200, Optional.empty(), body, Optional.empty());
    }

    /**
     * The same reply, but a replay answers {@code replayBody} instead of the body: the first answer
     * is sent once and never stored.
     *
     * @param replayBody the body without its secrets
     * @return the reply
     */
    public Reply replayedAs(Object replayBody) {
        return new Reply(status, location, body, Optional.of(replayBody));
    }

    Map<String, String> headers() {
        return location.map(uri -> Map.of("Location", uri.toString())).orElse(Map.of());
    }
}
