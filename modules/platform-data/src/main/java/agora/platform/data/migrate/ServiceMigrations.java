package agora.platform.data.migrate;

import java.util.Objects;

/**
 * One service's migrations: the SQL files of {@code db/<service>/}, shipped in the service's jar
 * under {@code agora-db/<service>/} (a folder name that is no Java package, so the module system
 * does not hide the files from Flyway).
 *
 * @param service the service's name, also the suffix of its Flyway history table
 * @param loader  the class loader that sees the service's jar
 */
public record ServiceMigrations(String service, ClassLoader loader) {

    public ServiceMigrations {
        Objects.requireNonNull(loader, "loader");
        if (service == null || !service.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("service name must be lower-case letters, digits and _: " + service);
        }
    }

    /**
     * The migrations of a service whose jar holds the given class.
     *
     * @param service the service's name
     * @param anchor  any class of the service's module
     * @return the migrations
     */
    public static ServiceMigrations of(String service, Class<?> anchor) {
        return new ServiceMigrations(service, anchor.getClassLoader());
    }

    /** Flyway location of the SQL files. */
    public String location() {
        return "classpath:agora-db/" + service;
    }

    /** The service's own Flyway history table in each territory schema. */
    public String historyTable() {
        return "flyway_history_" + service;
    }
}
