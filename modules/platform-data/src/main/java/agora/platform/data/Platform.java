package agora.platform.data;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;

import agora.platform.contract.TerritoryCode;
import agora.platform.core.Ids;
import agora.platform.core.Limits;
import agora.platform.data.idempotency.PostgresIdempotencyStore;
import agora.platform.data.migrate.Migrator;
import agora.platform.data.territory.TerritoryDirectory;
import agora.platform.data.territory.TerritoryReadiness;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.web.Json;
import agora.platform.web.idempotency.Idempotency;
import agora.platform.web.paging.Cursors;

import io.helidon.config.Config;

/**
 * What every service is built from, wired once per process by its {@code Main} (or the pod) and
 * handed to each service's constructor.
 *
 * @param config      the root configuration
 * @param clock       the clock every time-dependent rule reads
 * @param ids         UUIDv7 ids on that clock
 * @param json        strict JSON
 * @param database    the pool and transaction helper
 * @param territories the territory registry
 * @param readiness   the territories this process has migrated its tables for
 * @param resolver    a request's territory
 * @param idempotency {@code Idempotency-Key} handling
 * @param cursors     pagination cursors
 * @param migrator    the Flyway runner
 */
public record Platform(Config config, Clock clock, Ids ids, Json json, Database database,
                       TerritoryDirectory territories, TerritoryReadiness readiness, TerritoryResolver resolver,
                       Idempotency idempotency,
                       Cursors cursors, Migrator migrator) {
    private static final System.Logger LOG = System.getLogger(Platform.class.getName());

    /**
     * Wires the platform from configuration: {@code agora.web.limits}, {@code agora.web.cursor.secret}
     * (env {@code AGORA_WEB_CURSOR_SECRET}; random per process when absent) and
     * {@code agora.territories.default}.
     *
     * @param config   root configuration
     * @param database the connected database
     * @param clock    the clock
     * @return the platform
     */
    public static Platform create(Config config, Database database, Clock clock) {
        Json json = new Json(Limits.from(config.get("agora.web.limits")));
        TerritoryDirectory directory = new TerritoryDirectory(database, clock, TerritoryDirectory.DEFAULT_REFRESH);
        Optional<TerritoryCode> defaultTerritory = config.get("agora.territories.default").asString()
                .asOptional()
                .filter(code -> !code.isBlank())
                .map(TerritoryCode::of);
        TerritoryReadiness readiness = new TerritoryReadiness();
        return new Platform(config, clock, new Ids(clock), json, database, directory, readiness,
                new TerritoryResolver(directory, readiness, defaultTerritory),
                new Idempotency(new PostgresIdempotencyStore(database, json.mapper()), json, clock),
                new Cursors(cursorSecret(config)),
                new Migrator(database.dataSource(), database::refreshConnections,
                        config.get("agora.db.migrate.skip-when-current").asBoolean().orElse(true)));
    }

    private static byte[] cursorSecret(Config config) {
        Optional<String> configured = config.get("agora.web.cursor.secret").asString().asOptional();
        if (configured.isPresent() && configured.get().length() >= 32) {
            return configured.get().getBytes(StandardCharsets.UTF_8);
        }
        if (configured.isPresent()) {
            throw new IllegalArgumentException("agora.web.cursor.secret must have at least 32 characters");
        }
        LOG.log(System.Logger.Level.INFO, "Pagination cursors are signed with a per-process key: they do not survive "
                + "a restart or cross instances. Set AGORA_WEB_CURSOR_SECRET (32+ characters) to share one.");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }
}
