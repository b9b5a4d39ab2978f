package agora.platform.host;

import agora.platform.data.DatabaseConfig;

import io.helidon.config.Config;

/**
 * What a single-process pod may fall back to when a backend is not configured: a database of its
 * own (embedded, or a local server), the in-process event bus and the in-process shared state.
 * The pod module provides it ({@code provides agora.platform.host.LocalDefaults with …}); a
 * per-service image has none, so there every backend must be configured, because a service alone
 * with an in-process bus would publish to nobody.
 */
public interface LocalDefaults {

    /**
     * A database for a process whose configuration names none ({@code agora.db.url} unset).
     *
     * @param root the root configuration
     * @return the database to use
     * @throws IllegalStateException when none can be had, saying why
     */
    Database database(Config root);

    /**
     * The database chosen, and what to do when the process stops.
     *
     * @param config      how to connect
     * @param description one line for the start-up log
     * @param stop        stops what was started for it (an embedded server)
     */
    record Database(DatabaseConfig config, String description, Runnable stop) {
    }
}
