package agora.platform.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import agora.platform.contract.ProblemKind;
import agora.platform.core.Languages;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.PlatformMessages;
import agora.platform.core.problem.ProblemException;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The one place where failures become {@code application/problem+json}: exceptions thrown by
 * handlers and filters (as the routing's error handler) and requests Helidon refuses before
 * routing, such as an oversized body (as its direct handler).
 *
 * <p>Anything that is not a {@link ProblemException} or an HTTP error raised by the server is a
 * fault: it is logged with an incident id and answered with a 500 that carries only that id.
 */
final class ProblemResponder implements ErrorHandler<Throwable>, DirectHandler {
    private static final System.Logger LOG = System.getLogger(ProblemResponder.class.getName());

    private final Json json;

    ProblemResponder(Json json) {
        this.json = json;
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response, Throwable error) {
        Locale language = Languages.negotiate(request.headers().value(HeaderNames.ACCEPT_LANGUAGE));
        ProblemException problem = asProblem(error, request.prologue().method().text() + " "
                + request.path().rawPath());
        Body body = Body.of(problem, language, Optional.of(request.path().rawPath()));
        response.status(Status.create(problem.kind().status()));
        problem.headers().forEach((name, value) -> response.header(HeaderNames.create(name), value));
        response.headers().set(HeaderNames.CONTENT_LANGUAGE, language.getLanguage());
        response.headers().contentType(Json.PROBLEM_JSON);
        response.send(json.bytes(body));
    }

    @Override
    public TransportResponse handle(TransportRequest request,
                                    EventType eventType,
                                    Status status,
                                    ServerResponseHeaders headers,
                                    String message) {
        Locale language = Languages.negotiate(request.headers().first(HeaderNames.ACCEPT_LANGUAGE));
        ProblemException problem = fromStatus(status.code(), "before routing: " + eventType + " " + message);
        Body body = Body.of(problem, language, Optional.of(request.path()).filter(path -> !path.isEmpty()));
        var builder = TransportResponse.builder()
                .status(Status.create(problem.kind().status()))
                .headers(headers)
                .header(HeaderNames.CONTENT_LANGUAGE, language.getLanguage())
                .header(HeaderNames.CONTENT_TYPE, Json.PROBLEM_JSON.text())
                // The routing's filter adds it to every other answer; these never reach routing.
                .header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
                .entity(json.bytes(body));
        return builder.build();
    }

    /**
     * The first of an error's causes, itself included, of a type: a library may wrap what was
     * raised below it (a problem inside a connection pool's callback, say).
     */
    static <T extends Throwable> Optional<T> cause(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }

    private static ProblemException asProblem(Throwable error, String where) {
        Optional<ProblemException> raised = cause(error, ProblemException.class);
        if (raised.isPresent()) {
            return raised.get();
        }
        if (error instanceof HttpException http && http.status().code() < 500) {
            ProblemException problem = fromStatus(http.status().code(), where);
            http.headers().forEach(header -> problem.header(header.name(), header.get()));
            return problem;
        }
        return internalError(error, where);
    }

    private static ProblemException fromStatus(int status, String where) {
        return switch (status) {
            case 400 -> new ProblemException(ProblemKind.BAD_REQUEST, PlatformMessages.text("bad-request"));
            case 404 -> new ProblemException(ProblemKind.NO_SUCH_ROUTE, PlatformMessages.text("no-such-route"));
            case 405 -> new ProblemException(ProblemKind.METHOD_NOT_ALLOWED, PlatformMessages.text("method-not-allowed"));
            case 413 -> new ProblemException(ProblemKind.PAYLOAD_TOO_LARGE, PlatformMessages.text("payload-too-large"));
            case 414 -> new ProblemException(WebProblems.URI_TOO_LONG, PlatformMessages.text("uri-too-long"));
            case 415 -> new ProblemException(ProblemKind.UNSUPPORTED_MEDIA_TYPE, PlatformMessages.text("media-type.unsupported", "-"));
            case 431 -> new ProblemException(WebProblems.HEADERS_TOO_LARGE, PlatformMessages.text("headers-too-large"));
            default -> {
                if (status >= 400 && status < 500) {
                    yield new ProblemException(new ProblemKind("http-" + status, status, "Request refused"),
                            PlatformMessages.text("bad-request"));
                }
                yield internalError(new IllegalStateException("server status " + status), where);
            }
        };
    }

    private static ProblemException internalError(Throwable error, String where) {
        String incident = UUID.randomUUID().toString();
        LOG.log(System.Logger.Level.ERROR, "Incident " + incident + " while serving " + where, error);
        return new ProblemException(ProblemKind.INTERNAL_ERROR, PlatformMessages.text("internal-error", incident));
    }

    /** The RFC 9457 body; absent members are left out. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record Body(String type, String title, int status, String detail, Optional<String> instance, String code,
                Optional<List<Item>> errors) {

        static Body of(ProblemException problem, Locale language, Optional<String> instance) {
            ProblemKind kind = problem.kind();
            List<Item> errors = problem.errors().stream()
                    .map(error -> item(error, language))
                    .toList();
            return new Body(kind.type().toString(), kind.title(), kind.status(), problem.detail().in(language),
                    instance, kind.code(), errors.isEmpty() ? Optional.empty() : Optional.of(errors));
        }

        private static Item item(FieldError error, Locale language) {
            return new Item(error.pointer(), error.parameter(), error.code(), error.detail().in(language));
        }
    }

    /** One entry of {@code errors}: where (body pointer or query parameter), what, and why. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record Item(Optional<String> pointer, Optional<String> parameter, String code, String detail) {
    }
}
