package agora.pod;

import agora.platform.embedded.DefaultDatabase;
import agora.platform.embedded.EmbeddedPostgres;
import agora.platform.host.LocalDefaults;

import io.helidon.config.Config;

/**
 * What a pod on a laptop falls back to: an embedded PostgreSQL (data under {@code agora.home}), or
 * a PostgreSQL server already running on this machine; and, because every service runs in this
 * one process, the in-process event bus and shared state when NATS and Redis are not configured.
 */
public final class PodDefaults implements LocalDefaults {

    /** For {@code ServiceLoader}. */
    public PodDefaults() {
    }

    @Override
    public Database database(Config root) {
        DefaultDatabase.Choice choice = DefaultDatabase.choose(root);
        return new Database(choice.config(), choice.description(),
                () -> choice.embedded().ifPresent(EmbeddedPostgres::close));
    }
}
