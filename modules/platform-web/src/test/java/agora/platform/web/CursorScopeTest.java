package agora.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import agora.platform.core.Limits;
import agora.platform.web.paging.Cursors;
import agora.platform.web.paging.Page;
import agora.platform.web.paging.PageRequest;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A cursor pages only the list it came from: the same list in another territory, or the same
 * list name behind another route, refuses it as {@code invalid-cursor}.
 */
@ServerTest
class CursorScopeTest {
    private static final Json JSON = new Json(Limits.DEFAULT);
    private static final Cursors CURSORS =
            new Cursors("a test secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI base;

    CursorScopeTest(URI base) {
        this.base = base;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), JSON,
                routes -> routes
                        .get("/api/numbers", CursorScopeTest::numbers)
                        .get("/api/other-numbers", CursorScopeTest::numbers),
                operator -> { });
    }

    /* Stands for a territory's list: the territory is resolved first, as a guard does. */
    private static void numbers(ServerRequest request, ServerResponse response) {
        RequestLabels.territory(request, request.headers().first(io.helidon.http.HeaderNames.create("X-Territory"))
                .orElse("DK"));
        PageRequest page = CURSORS.request(request, "numbers");
        int after = page.after().map(position -> Integer.parseInt(position.getFirst())).orElse(-1);
        List<Integer> rows = IntStream.range(after + 1, 50).limit(page.fetchSize()).boxed().toList();
        JSON.write(response, Status.OK_200, Page.of(rows, page, CURSORS, n -> List.of(Integer.toString(n))));
    }

    @Test
    void aCursorContinuesItsOwnList() throws Exception {
        String next = firstPage("/api/numbers", "DK");
        JsonNode second = JSON.mapper().readTree(get("/api/numbers?limit=2&cursor=" + next, "DK").body());
        assertEquals("[2,3]", second.get("items").toString());
    }

    @Test
    void anotherTerritorysCursorIsRefused() throws Exception {
        String next = firstPage("/api/numbers", "DK");
        HttpResponse<String> refused = get("/api/numbers?limit=2&cursor=" + next, "NO");
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("invalid-cursor", JSON.mapper().readTree(refused.body()).get("code").asText());
    }

    @Test
    void anotherRoutesCursorIsRefused() throws Exception {
        String next = firstPage("/api/numbers", "DK");
        HttpResponse<String> refused = get("/api/other-numbers?limit=2&cursor=" + next, "DK");
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("invalid-cursor", JSON.mapper().readTree(refused.body()).get("code").asText());
    }

    private String firstPage(String path, String territory) throws Exception {
        HttpResponse<String> first = get(path + "?limit=2", territory);
        assertEquals(200, first.statusCode(), first.body());
        return JSON.mapper().readTree(first.body()).get("next").asText();
    }

    private HttpResponse<String> get(String pathAndQuery, String territory) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).header("X-Territory", territory).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
