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
 */
public record Reply(Status status, Optional<URI> location, Object body) {

    /**
     * {@code 201 Created} with {@code Location}.
     *
     * @param location the new resource
     * @param body     its representation
     * @return the reply
     */
    public static Reply created(URI location, Object body) {
        return new Reply(Status.CREATED_201, Optional.of(location), body);
    }

    /**
     * {@code 200 OK}.
     *
     * @param body the body
     * @return the reply
     */
    public static Reply ok(Object body) {
        return new Reply(Status.OK_200, Optional.empty(), body);
    }

    Map<String, String> headers() {
        return location.map(uri -> Map.of("Location", uri.toString())).orElse(Map.of());
    }
}
