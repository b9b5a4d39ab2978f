package agora.benchmarks;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.data.DatabaseConfig;
import agora.platform.data.Rows;
import agora.platform.state.Cache;
import agora.platform.state.SharedState;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.config.Config;
import io.helidon.dbclient.DbRow;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * What {@code GET /api/auth/me} is compared with: a plain Helidon server in the benchmark's process
 * whose routes read the same account row with the same SQL through an {@code agora.platform.data}
 * {@link Database} of the same pool size (the pod's {@code agora.db} settings), and write it as
 * JSON with a plain Jackson mapper. No guard, no territory resolution, no filters or features
 * (no metrics, no access log), no strict JSON.
 *
 * <ul>
 *   <li>{@code GET /row/{account}}: the row alone;</li>
 *   <li>{@code GET /row-view/{account}/{session}}: first the two reads of the authorization view
 *       that every guarded request makes (the account's status and the session's state, the very
 *       keys the pod reads, in the same Redis through {@code agora.platform.state}), then the row.</li>
 * </ul>
 */
final class BareServer implements AutoCloseable {
    /** {@code AccountStore.BY_ID} of the auth service, as /me runs it. */
    static final String BY_ID = "SELECT id, email::text AS email, display_name, password_hash, status, "
            + "array_to_string(roles, ',') AS roles, email_verified_at, invited_by, created_at, version "
            + "FROM auth_accounts WHERE id = ?";
    /** The authorization view's namespace in shared state (the pod's {@code AUTHORIZATION_CACHE}). */
    private static final String AUTHORIZATION_CACHE = "authz";

    private final WebServer server;
    private final Database database;
    private final SharedState state;
    private final Cache view;
    private final TerritoryCode territory;
    private final ObjectMapper json = new ObjectMapper();

    private BareServer(Config config, TerritoryCode territory) {
        this.territory = territory;
        String url = config.get("agora.db.url").asString().get();
        this.database = Database.connect(DatabaseConfig.from(config.get("agora.db"), url));
        this.state = SharedState.from(config, Clock.systemUTC());
        this.view = state.cache(AUTHORIZATION_CACHE);
        this.server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                // Nothing found on the module path is added (Helidon would add observe features).
                .featuresDiscoverServices(false)
                .routing(routing -> routing
                        .get("/row/{account}", this::row)
                        .get("/row-view/{account}/{session}", this::rowAfterView))
                .build()
                .start();
    }

    /**
     * Starts the server.
     *
     * @param config    the pod's root configuration: {@code agora.db} and {@code agora.redis} are read
     * @param territory whose schema the row is read from
     * @return the running server
     */
    static BareServer start(Config config, TerritoryCode territory) {
        return new BareServer(config, territory);
    }

    int port() {
        return server.port();
    }

    /** The account as the bare routes write it. */
    record BareAccount(String id, String email, String displayName, boolean emailVerified, String status,
                       List<String> roles, String invitedBy, String createdAt) {
    }

    private void row(ServerRequest request, ServerResponse response) {
        write(response, UUID.fromString(request.path().pathParameters().get("account")));
    }

    private void rowAfterView(ServerRequest request, ServerResponse response) {
        String account = request.path().pathParameters().get("account");
        String session = request.path().pathParameters().get("session");
        String cc = territory.value().toLowerCase(Locale.ROOT);
        // The keys AuthorizationView reads: one round trip each.
        view.getString("status:" + cc + ":" + account);
        view.getString("session:" + cc + ":" + session);
        write(response, UUID.fromString(account));
    }

    /**
     * Wall microseconds of the two view reads, one after the other, averaged over some repetitions.
     *
     * @param account the account whose status is read
     * @param session the session whose state is read
     * @param times   how many pairs
     * @return microseconds per pair
     */
    double viewReadMicros(UUID account, UUID session, int times) {
        String cc = territory.value().toLowerCase(Locale.ROOT);
        long start = System.nanoTime();
        for (int i = 0; i < times; i++) {
            view.getString("status:" + cc + ":" + account);
            view.getString("session:" + cc + ":" + session);
        }
        return (System.nanoTime() - start) / 1e3 / times;
    }

    private void write(ServerResponse response, UUID id) {
        var found = database.inTerritory(territory, db -> db.get(BY_ID, id).map(BareServer::map));
        if (found.isEmpty()) {
            response.status(Status.NOT_FOUND_404).send();
            return;
        }
        try {
            response.header(HeaderValues.CONTENT_TYPE_JSON).send(json.writeValueAsBytes(found.get()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BareAccount map(DbRow row) {
        String roles = Rows.optionalString(row, "roles").orElse("");
        return new BareAccount(row.column("id").get(UUID.class).toString(),
                Rows.optionalString(row, "email").orElse(null),
                Rows.optionalString(row, "display_name").orElse(null),
                Rows.optionalInstant(row, "email_verified_at").isPresent(),
                row.column("status").get(String.class),
                roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",")),
                row.column("invited_by").asOptional().map(Object::toString).orElse(null),
                Rows.instant(row, "created_at").toString());
    }

    @Override
    public void close() {
        server.stop();
        state.close();
        database.close();
    }
}
