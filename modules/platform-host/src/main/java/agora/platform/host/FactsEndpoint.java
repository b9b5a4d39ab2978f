package agora.platform.host;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.ProblemException;
import agora.platform.web.Json;
import agora.platform.web.Routes;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The internal listener's facts routes: other services of the pod ask here for the facts this
 * process answers, and for the contributions of the services it runs ({@code
 * /internal/contributions/<service>/…}). Each call must carry a valid {@link ServiceTokens service
 * token}; the answer is the JSON of the method's result.
 */
final class FactsEndpoint {
    static final ProblemKind NO_SUCH_FACTS = new ProblemKind("no-such-facts", 404, "No such facts");
    private static final System.Logger LOG = System.getLogger(FactsEndpoint.class.getName());

    private final Map<String, Facts.Answerer> answerers;
    private final Map<String, Facts.Answerer> contributions;
    private final ServiceTokens tokens;
    private final FactsCodec codec;

    /**
     * @param answerers     the facts answered here, by interface name
     * @param contributions the contributions answered here, by {@code <service>/<interface name>}
     */
    FactsEndpoint(Map<String, Facts.Answerer> answerers, Map<String, Facts.Answerer> contributions,
                  ServiceTokens tokens, FactsCodec codec) {
        this.answerers = Map.copyOf(answerers);
        this.contributions = Map.copyOf(contributions);
        this.tokens = tokens;
        this.codec = codec;
    }

    void routes(Routes internal) {
        internal.post(FactsClient.PATH + "{contract}/{method}", (request, response) -> answer(request, response,
                answerers.get(request.path().pathParameters().get("contract"))));
        internal.post(FactsClient.CONTRIBUTIONS_PATH + "{service}/{contract}/{method}", (request, response) -> answer(
                request, response, contributions.get(request.path().pathParameters().get("service") + "/"
                        + request.path().pathParameters().get("contract"))));
    }

    private void answer(ServerRequest request, ServerResponse response, Facts.Answerer answerer) throws Exception {
        String caller = request.headers().first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.startsWith("Bearer "))
                .flatMap(value -> tokens.verify(value.substring("Bearer ".length()).trim()))
                .orElseThrow(() -> new ProblemException(ProblemKind.UNAUTHENTICATED,
                        HostMessages.MESSAGES.text("internal.token")));
        String contract = request.path().pathParameters().get("contract");
        String name = request.path().pathParameters().get("method");
        Optional<Method> method = answerer == null ? Optional.empty() : answerer.method(name);
        if (method.isEmpty()) {
            throw new ProblemException(NO_SUCH_FACTS, HostMessages.MESSAGES.text("internal.no-such-facts",
                    contract + "." + name));
        }
        Object[] args;
        try {
            args = codec.arguments(method.get(), Json.body(request));
        } catch (IOException | IllegalArgumentException e) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, HostMessages.MESSAGES.text("internal.bad-call",
                    caller, e.getMessage()));
        }
        Object result;
        try {
            result = method.get().invoke(answerer.implementation(), args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, "{0} asked {1}.{2}", caller, contract, name);
        response.status(Status.OK_200);
        response.headers().contentType(MediaTypes.APPLICATION_JSON);
        response.send(codec.answer(result));
    }
}
