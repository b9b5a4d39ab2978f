package agora.user.search;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.PlatformMessages;
import agora.platform.core.problem.ProblemException;
import agora.platform.data.Database;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.security.Guards;
import agora.platform.security.web.ClientAddress;
import agora.platform.state.RateLimiter;
import agora.platform.web.Json;
import agora.platform.web.Routes;
import agora.platform.web.paging.Cursors;
import agora.platform.web.paging.Page;
import agora.platform.web.paging.PageRequest;
import agora.user.UserProblems;
import agora.user.Viewer;

import io.helidon.config.Config;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /api/users/search?q=…}: members by handle and display name, as privacy allows. */
public final class SearchApi {
    static final int MAX_QUERY = 100;

    private final Database database;
    private final Guards guards;
    private final TerritoryResolver territories;
    private final Json json;
    private final Cursors cursors;
    private final SearchGate gate;
    private final ClientAddress clientAddress;

    /**
     * @param database    the pod's database
     * @param guards      the route guards
     * @param territories each request's territory
     * @param json        JSON writing
     * @param cursors       list cursors
     * @param limiter       the shared counter of searches
     * @param settings      the {@code agora.user.search} node ({@link SearchGate#from})
     * @param clientAddress who is asking, when nobody is signed in
     */
    public SearchApi(Database database, Guards guards, TerritoryResolver territories, Json json, Cursors cursors,
                     RateLimiter limiter, Config settings, ClientAddress clientAddress) {
        this.database = database;
        this.guards = guards;
        this.territories = territories;
        this.json = json;
        this.cursors = cursors;
        this.gate = SearchGate.from(limiter, settings);
        this.clientAddress = clientAddress;
    }

    /** The route; mounted before {@code /api/users/{id}}. */
    public void routes(Routes api) {
        api.get("/api/users/search", guards.optional(this::search));
    }

    private void search(ServerRequest request, ServerResponse response) {
        String q = request.query().first("q").orElse("");
        String folded = SearchText.fold(q);
        if (q.length() > MAX_QUERY || folded.isEmpty()) {
            throw new ProblemException(ProblemKind.INVALID_PARAMETER, PlatformMessages.text("parameters.invalid"),
                    List.of(FieldError.query("q", "invalid-query", UserProblems.text("search.query", MAX_QUERY))));
        }
        TerritoryCode territory = territories.code(request);
        gate.enter(territory, Guards.principal(request).map(principal -> principal.userId()),
                clientAddress.of(request).getHostAddress());
        // The query is part of the cursor's scope: a cursor of one search does not continue another.
        PageRequest page = cursors.request("user-search\u001e" + territory.value() + "\u001e" + folded,
                request.query());
        SearchStore.Position after = page.after().map(SearchApi::position).orElse(SearchStore.START);
        List<SearchStore.Found> rows = database.inTerritory(territory,
                db -> SearchStore.search(db, Viewer.of(request), folded, after, page.fetchSize()));
        Page<SearchStore.Found> found = Page.of(rows, page, cursors, row -> List.of(
                Integer.toString(row.position().tier()), row.position().score(), row.position().phrase(),
                row.position().id()));
        json.write(response, Status.OK_200, found.map(row -> new SearchResult(row.id(), row.displayName(),
                Optional.ofNullable(row.handle()))));
    }

    private static SearchStore.Position position(List<String> values) {
        try {
            if (values.size() != 4) {
                throw new IllegalArgumentException("position");
            }
            Double.parseDouble(values.get(1));
            int tier = Integer.parseInt(values.get(0));
            if (tier != SearchStore.PREFIX && tier != SearchStore.SIMILAR || values.get(2).isEmpty()) {
                throw new IllegalArgumentException("tier");
            }
            return new SearchStore.Position(tier, values.get(1), values.get(2), UUID.fromString(values.get(3)).toString());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemKind.INVALID_CURSOR, PlatformMessages.text("cursor.invalid"));
        }
    }

    /**
     * One member found.
     *
     * @param id          the member
     * @param displayName the name
     * @param handle      the handle
     */
    record SearchResult(UUID id, String displayName, Optional<String> handle) {
    }
}
