package agora.territory;

import java.net.URI;
import java.util.List;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.territory.Territory;
import agora.platform.data.territory.TerritoryProblems;
import agora.platform.web.Json;
import agora.platform.web.Routes;
import agora.platform.web.idempotency.Idempotency;
import agora.platform.web.idempotency.Reply;
import agora.platform.web.paging.Cursors;
import agora.platform.web.paging.Page;
import agora.platform.web.paging.PageRequest;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The territory routes: reading for everyone on the public listener, changing for operators on
 * the loopback operator listener.
 */
final class TerritoryApi {
    static final String LIST = "territories";

    private final TerritoryRegistry registry;
    private final Provisioner provisioner;
    private final Json json;
    private final Cursors cursors;
    private final Idempotency idempotency;

    TerritoryApi(TerritoryRegistry registry, Provisioner provisioner, Json json, Cursors cursors, Idempotency idempotency) {
        this.registry = registry;
        this.provisioner = provisioner;
        this.json = json;
        this.cursors = cursors;
        this.idempotency = idempotency;
    }

    void routes(Routes api) {
        api.get("/api/territories", this::list)
                .get("/api/territories/{code}", this::get);
    }

    void operatorRoutes(Routes operator) {
        operator.get("/operator/territories", this::list)
                .post("/operator/territories", this::create)
                .get("/operator/territories/{code}", this::get)
                .post("/operator/territories/{code}/activate", this::activate)
                .post("/operator/territories/{code}/deactivate", this::deactivate);
    }

    private void list(ServerRequest request, ServerResponse response) {
        PageRequest page = cursors.request(request, LIST);
        List<Territory> rows = registry.page(page);
        json.write(response, Status.OK_200,
                Page.of(rows, page, cursors, territory -> List.of(territory.code().value())).map(TerritoryView::of));
    }

    private void get(ServerRequest request, ServerResponse response) {
        TerritoryCode code = code(request);
        Territory territory = registry.find(code).orElseThrow(() -> TerritoryProblems.unknown(code.value()));
        json.write(response, Status.OK_200, TerritoryView.of(territory));
    }

    private void create(ServerRequest request, ServerResponse response) {
        idempotency.respond(request, response, "operator", () -> {
            NewTerritory territory = json.read(request, CreateTerritory.class).validate();
            Territory created = provisioner.create(territory);
            return Reply.created(URI.create("/api/territories/" + created.code().value()), TerritoryView.of(created));
        });
    }

    private void activate(ServerRequest request, ServerResponse response) {
        json.write(response, Status.OK_200, TerritoryView.of(provisioner.activate(code(request))));
    }

    private void deactivate(ServerRequest request, ServerResponse response) {
        json.write(response, Status.OK_200, TerritoryView.of(provisioner.deactivate(code(request))));
    }

    private static TerritoryCode code(ServerRequest request) {
        String text = request.path().pathParameters().get("code");
        return TerritoryCode.parse(text).orElseThrow(() -> TerritoryProblems.unknown(text));
    }
}
