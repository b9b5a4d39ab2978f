package agora.platform.observe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import agora.platform.testing.Await;
import agora.platform.core.Limits;
import agora.platform.core.Spans;
import agora.platform.core.Traceparent;
import agora.platform.web.AgoraServer;
import agora.platform.web.Json;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import org.junit.jupiter.api.Test;
import zipkin2.reporter.urlconnection.URLConnectionSender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spans arrive at a real collector (Zipkin) with the right parents: the caller's span → our server
 * span → a database span inside it, and an event consumed later → a consumer span under the request
 * that caused the event (the traceparent an outbox row stores).
 */
class TracingTest {
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @Test
    void spansArriveWithTheirParents() throws Exception {
        try (ZipkinServer zipkin = ZipkinServer.start()) {
            Tracing tracing = Tracing.with("agora-test", ZipkinSpanExporter.builder()
                    .setSender(URLConnectionSender.create(zipkin.uri("/api/v2/spans").toString())).build(), "zipkin");
            Spans spans = tracing.spans();
            Json json = new Json(Limits.DEFAULT);
            AtomicReference<Optional<String>> storedWithEvent = new AtomicReference<>(Optional.empty());
            WebServer server = AgoraServer.start(new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), json,
                    routes -> routes.filter(tracing.serverFilter())
                            .get("/things/{id}", (req, res) -> {
                                spans.inSpan("db territory_dk", Spans.Kind.CLIENT, () -> {
                                    // What the outbox stores with an event written in this unit of work.
                                    storedWithEvent.set(Traceparent.current());
                                    return null;
                                });
                                res.send("ok");
                            }),
                    operator -> { });
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + "/things/7"))
                        .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
                // The consumer of that event, later and elsewhere.
                Traceparent.runWith(storedWithEvent.get(), () -> spans.inSpan("consume shop.sale", Spans.Kind.CONSUMER,
                        () -> null));
            } finally {
                server.stop();
                tracing.close();
            }

            Map<String, JsonNode> byName = awaitTrace(zipkin, json, 3);
            JsonNode serverSpan = byName.get("get /things/{id}");
            JsonNode dbSpan = byName.get("db territory_dk");
            JsonNode consumerSpan = byName.get("consume shop.sale");
            assertTrue(serverSpan != null && dbSpan != null && consumerSpan != null, byName.keySet().toString());
            assertEquals(CALLER_SPAN, serverSpan.get("parentId").asText());
            assertEquals("SERVER", serverSpan.get("kind").asText());
            assertEquals("/things/{id}", serverSpan.at("/tags/http.route").asText());
            assertEquals(serverSpan.get("id").asText(), dbSpan.get("parentId").asText());
            assertEquals(dbSpan.get("id").asText(), consumerSpan.get("parentId").asText());
            assertEquals("CONSUMER", consumerSpan.get("kind").asText());
        }
    }

    private static Map<String, JsonNode> awaitTrace(ZipkinServer zipkin, Json json, int spans) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        return Await.until("Zipkin holds the trace's " + spans + " spans", Duration.ofSeconds(20), () -> {
            HttpResponse<String> trace = http.send(HttpRequest.newBuilder(zipkin.uri("/api/v2/trace/" + CALLER_TRACE))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Map<String, JsonNode> byName = new HashMap<>();
            if (trace.statusCode() == 200) {
                for (JsonNode span : json.mapper().readTree(trace.body())) {
                    byName.put(span.get("name").asText(), span);
                }
            }
            return byName;
        }, byName -> byName.size() >= spans);
    }
}
