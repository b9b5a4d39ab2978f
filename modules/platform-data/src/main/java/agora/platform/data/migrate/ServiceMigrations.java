package agora.platform.data.migrate;

import java.util.Map;
import java.util.Objects;

/**
 * One set of a service's migrations: SQL files shipped in a jar under {@code agora-db/<folder>/} (a
 * folder name that is no Java package, so the module system does not hide the files from Flyway),
 * with their own Flyway history table in each schema they are applied to.
 *
 * @param name         what the set is, for logs ({@code forum}, {@code forum events})
 * @param folder       the folder under {@code agora-db/}
 * @param historyTable the Flyway history table in each schema
 * @param placeholders Flyway placeholders besides {@code territory} (which is always set)
 * @param loader       the class loader that sees the jar
 */
public record ServiceMigrations(String name, String folder, String historyTable, Map<String, String> placeholders,
                                ClassLoader loader) {
    private static final String IDENTIFIER = "[a-z][a-z0-9_]*";

    public ServiceMigrations {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(loader, "loader");
        placeholders = Map.copyOf(placeholders);
        if (folder == null || !folder.matches(IDENTIFIER + "(/" + IDENTIFIER + ")*")) {
            throw new IllegalArgumentException("migration folder must be lower-case identifiers: " + folder);
        }
        if (historyTable == null || !historyTable.matches(IDENTIFIER)) {
            throw new IllegalArgumentException("history table must be a lower-case identifier: " + historyTable);
        }
    }

    /**
     * A service's own tables, {@code db/<service>/}, with history table {@code flyway_history_<service>}.
     *
     * @param service the service's name
     * @param anchor  any class of the service's module
     * @return the migrations
     */
    public static ServiceMigrations of(String service, Class<?> anchor) {
        if (service == null || !service.matches(IDENTIFIER)) {
            throw new IllegalArgumentException("service name must be lower-case letters, digits and _: " + service);
        }
        return new ServiceMigrations(service, service, "flyway_history_" + service, Map.of(), anchor.getClassLoader());
    }

    /** Flyway location of the SQL files. */
    public String location() {
        return "classpath:agora-db/" + folder;
    }
}
