package agora.platform.data.territory;

import java.util.Optional;

import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.ProblemException;
import agora.platform.data.DataMessages;
import agora.platform.web.RequestLabels;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * Finds the territory a request is for: the host name first (a territory's own domain), then the
 * {@code X-Territory} header, then the pod's default territory. Only an active territory whose
 * tables this process has migrated is served; the answer is kept in the request's context, so asking twice costs nothing.
 */
public final class TerritoryResolver {
    /** The header naming a territory when the host does not. */
    public static final HeaderName TERRITORY_HEADER = HeaderNames.create("X-Territory");

    private static final String CONTEXT_KEY = TerritoryResolver.class.getName();

    private final TerritoryDirectory directory;
    private final TerritoryReadiness readiness;
    private final Optional<TerritoryCode> defaultTerritory;

    /**
     * A resolver over the registry.
     *
     * @param directory        the registry
     * @param readiness        which territories this process has migrated
     * @param defaultTerritory the territory of requests that name none
     */
    public TerritoryResolver(TerritoryDirectory directory, TerritoryReadiness readiness,
                             Optional<TerritoryCode> defaultTerritory) {
        this.directory = directory;
        this.readiness = readiness;
        this.defaultTerritory = defaultTerritory;
    }

    /**
     * The active territory of a request.
     *
     * @param request the request
     * @return the territory
     * @throws ProblemException 404 unknown, 403 inactive, 503 still provisioning, 400 none named
     */
    public Territory require(ServerRequest request) {
        Optional<Territory> known = request.context().get(CONTEXT_KEY, Territory.class);
        if (known.isPresent()) {
            return known.get();
        }
        Territory territory = resolve(request);
        if (territory.status() != TerritoryStatus.ACTIVE) {
            throw TerritoryProblems.unavailable(territory);
        }
        if (!readiness.isReady(territory.code())) {
            // Active in the registry, but this process has not migrated its tables there yet.
            throw TerritoryProblems.unavailable(new Territory(territory.code(), territory.name(), territory.language(),
                    TerritoryStatus.PROVISIONING, territory.hosts(), territory.createdAt(), territory.updatedAt()));
        }
        request.context().register(CONTEXT_KEY, territory);
        RequestLabels.territory(request, territory.code().value());
        return territory;
    }

    /**
     * The code of the request's active territory, for the transaction helper.
     *
     * @param request the request
     * @return the code
     */
    public TerritoryCode code(ServerRequest request) {
        return require(request).code();
    }

    private Territory resolve(ServerRequest request) {
        String host = request.requestedUri().host();
        Optional<Territory> byHost = directory.byHost(host);
        if (byHost.isPresent()) {
            return byHost.get();
        }
        Optional<String> header = request.headers().first(TERRITORY_HEADER).map(String::trim);
        if (header.isPresent()) {
            return TerritoryCode.parse(header.get())
                    .flatMap(directory::find)
                    .orElseThrow(() -> TerritoryProblems.unknown(header.get()));
        }
        return defaultTerritory
                .map(code -> directory.find(code).orElseThrow(() -> TerritoryProblems.unknown(code.value())))
                .orElseThrow(() -> new ProblemException(TerritoryProblems.REQUIRED,
                        DataMessages.MESSAGES.text("territory.missing")));
    }
}
