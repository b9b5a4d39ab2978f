package agora.platform.host;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.ProblemException;

/**
 * Asks another service's internal listener for facts: {@code POST <url>/internal/facts/<interface>/<method>}
 * with the arguments as a JSON array and a {@link ServiceTokens service token}. Follows no
 * redirects, waits briefly, and reads at most {@link #MAX_ANSWER_BYTES}: a slow or wrong peer
 * makes the call a 503, never a hung request. Contributions ({@code POST
 * <url>/internal/contributions/<service>/<interface>/<method>}) may answer more and take longer.
 */
final class FactsClient {
    /** The path prefix of the internal listener's facts routes. */
    static final String PATH = "/internal/facts/";
    /** The path prefix of its contribution routes: {@code <service>/<interface>/<method>} follow. */
    static final String CONTRIBUTIONS_PATH = "/internal/contributions/";
    static final int MAX_ANSWER_BYTES = 1 << 20;
    /*
     * A contribution may carry a member's files (an export part holds up to 8 MiB, a third more as
     * base64) and be assembled from many rows: it may take longer and answer more than a fact.
     */
    static final int MAX_CONTRIBUTION_BYTES = 16 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CONTRIBUTION_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final ServiceTokens tokens;
    private final FactsCodec codec;
    /** The peers ({@code <interface> <url without the method>}) whose last call failed. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    FactsClient(ServiceTokens tokens, FactsCodec codec) {
        this.tokens = tokens;
        this.codec = codec;
    }

    Object call(URI base, Class<?> contract, Method method, Object[] args) {
        return call(base.resolve(PATH + contract.getName() + "/" + method.getName()), TIMEOUT, MAX_ANSWER_BYTES,
                contract, method, args);
    }

    /** Asks one contributor, {@code service}, over its internal listener at {@code base}. */
    Object contribution(URI base, String service, Class<?> contract, Method method, Object[] args) {
        return call(base.resolve(CONTRIBUTIONS_PATH + service + "/" + contract.getName() + "/" + method.getName()),
                CONTRIBUTION_TIMEOUT, MAX_CONTRIBUTION_BYTES, contract, method, args);
    }

    private Object call(URI target, Duration timeout, int maxBytes, Class<?> contract, Method method, Object[] args) {
        Object answer = ask(target, timeout, maxBytes, contract, method, args);
        String peer = peer(contract, target);
        if (failing.remove(peer)) {
            System.getLogger(FactsClient.class.getName()).log(System.Logger.Level.INFO,
                    "{0} from {1} answers again", contract.getSimpleName(), peer);
        }
        return answer;
    }

    private Object ask(URI target, Duration timeout, int maxBytes, Class<?> contract, Method method, Object[] args) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(target)
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + tokens.current())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(codec.arguments(args)))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unavailable(contract, target, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(contract, target, "interrupted");
        }
        if (response.statusCode() != 200) {
            throw unavailable(contract, target, "HTTP " + response.statusCode());
        }
        if (response.body().length > maxBytes) {
            throw unavailable(contract, target, "answer larger than " + maxBytes + " bytes");
        }
        try {
            return codec.answer(method, response.body());
        } catch (IOException e) {
            throw unavailable(contract, target, "unreadable answer: " + e.getMessage());
        }
    }

    /*
     * Logged when a peer starts failing, not at every call while it stays down (a profile asks its
     * contributors at every read): the next success says it answers again.
     */
    private ProblemException unavailable(Class<?> contract, URI target, String why) {
        String peer = peer(contract, target);
        if (failing.add(peer)) {
            System.getLogger(FactsClient.class.getName()).log(System.Logger.Level.WARNING,
                    "{0} from {1} failed: {2} (logged again only after it has answered)", contract.getSimpleName(),
                    target, why);
        }
        return new ProblemException(ProblemKind.UNAVAILABLE,
                HostMessages.MESSAGES.text("facts.unreachable", contract.getSimpleName()));
    }

    private static String peer(Class<?> contract, URI target) {
        String path = target.getPath();
        return contract.getName() + " " + target.resolve(path.substring(0, path.lastIndexOf('/') + 1));
    }
}
