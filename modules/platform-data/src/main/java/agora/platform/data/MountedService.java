package agora.platform.data;

import java.util.List;

import agora.platform.data.migrate.ServiceMigrations;
import agora.platform.web.Routes;

/**
 * What a service contributes to a process: its name, its tables and its routes. The pod mounts
 * every service through this; a service's own {@code Main} mounts just that one.
 */
public interface MountedService {

    /** The service's name ({@code territory}, {@code auth} …). */
    String name();

    /** What the service keeps in every territory schema: its tables, its event tables. */
    default List<ServiceMigrations> territoryMigrations() {
        return List.of();
    }

    /** What the service keeps in schema {@code global}: the event tables of its pod-wide events. */
    default List<ServiceMigrations> podMigrations() {
        return List.of();
    }

    /**
     * The service's OpenAPI paths and schemas (YAML), merged into the process's {@code /openapi}.
     *
     * @return the document, empty when the service has no routes
     */
    default String openApi() {
        return "";
    }

    /**
     * Registers the public routes.
     *
     * @param api the public listener's routes
     */
    void routes(Routes api);

    /**
     * Registers the operator routes (cross-territory operations, loopback only).
     *
     * @param operator the operator listener's routes
     */
    default void operatorRoutes(Routes operator) {
    }
}
