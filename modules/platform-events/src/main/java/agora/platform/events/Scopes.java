package agora.platform.events;

import java.util.function.Function;

import agora.platform.data.Database;

import io.helidon.dbclient.DbExecute;

/** Runs work in the schema of an event scope: the territory's, or {@code global} for the pod. */
final class Scopes {
    private Scopes() {
    }

    static <T> T inScope(Database database, EventScope scope, Function<DbExecute, T> work) {
        return switch (scope) {
            case EventScope.Territory territory -> database.inTerritory(territory.code(), work);
            case EventScope.Pod ignored -> database.inGlobal(work);
        };
    }
}
