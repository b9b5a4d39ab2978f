package agora.platform.web;

import agora.platform.core.problem.PlatformMessages;
import agora.platform.core.problem.ProblemException;

import io.helidon.webserver.http.ServerRequest;

/** What a handler answers when a request's body stopped coming, whoever reads it (JSON, an upload). */
public final class Bodies {
    private Bodies() {
    }

    /**
     * The problem for a body that ended before it was whole: 408 when the server cut the connection
     * for being too slow ({@link ConnectionLimits#bodyTimeout()}), otherwise 499 (the client went away).
     *
     * @param request the request whose body broke off
     * @return the problem to throw
     */
    public static ProblemException cutOff(ServerRequest request) {
        if (TrackedConnection.of(request).filter(TrackedConnection::timedOut).isPresent()) {
            return new ProblemException(WebProblems.REQUEST_TIMEOUT, PlatformMessages.text("request.timeout"));
        }
        return new ProblemException(WebProblems.CLIENT_CLOSED_REQUEST, PlatformMessages.text("client-closed-request"));
    }
}
