package agora.platform.data;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.testing.TestDatabase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Territory schemas: each service's migrations land fully in every territory, and data written in
 * one territory cannot be read from another, not even by SQL that forgets to ask for a territory.
 */
class TerritoryDataTest {
    private static final TerritoryCode FINLAND = TerritoryCode.of("FI");
    private static final TerritoryCode ICELAND = TerritoryCode.of("IS");

    private static Database database;

    @BeforeAll
    static void territories() {
        TestPlatform.territory("FI", "active", List.of());
        TestPlatform.territory("IS", "active", List.of());
        database = TestPlatform.get().database();
    }

    @Test
    void twoServicesMigrateTheSameSchemaFully() throws SQLException {
        try (Connection connection = TestDatabase.get().connect()) {
            for (TerritoryCode territory : List.of(FINLAND, ICELAND)) {
                assertEquals(List.of("1"), appliedVersions(connection, territory, "alpha"));
                assertEquals(List.of("1", "2"), appliedVersions(connection, territory, "beta"));
                assertTrue(tableExists(connection, territory.schema(), "notes"));
                assertTrue(tableExists(connection, territory.schema(), "tags"));
            }
        }
        // The placeholder names the schema's own territory.
        String defaultTerritory = database.inTerritory(ICELAND, db -> db.get(
                "SELECT column_default FROM information_schema.columns WHERE table_schema = 'territory_is' "
                        + "AND table_name = 'tags' AND column_name = 'territory'").orElseThrow()
                .column("column_default").get(String.class));
        assertTrue(defaultTerritory.contains("IS"), defaultTerritory);
    }

    @Test
    void migratingAgainChangesNothing() throws SQLException {
        TestPlatform.get().migrator().migrateTerritory(FINLAND, List.of(TestPlatform.ALPHA, TestPlatform.BETA));
        try (Connection connection = TestDatabase.get().connect()) {
            assertEquals(List.of("1", "2"), appliedVersions(connection, FINLAND, "beta"));
        }
    }

    @Test
    void rowsOfOneTerritoryAreInvisibleFromAnother() {
        String author = "isolation-" + UUID.randomUUID();
        insertNote(FINLAND, author);
        assertEquals(1, countNotes(FINLAND, author));
        assertEquals(0, countNotes(ICELAND, author));
    }

    @Test
    void citextComparesCaseInsensitively() {
        String author = "Case-" + UUID.randomUUID();
        insertNote(ICELAND, author);
        assertEquals(1, countNotes(ICELAND, author.toUpperCase()));
    }

    @Test
    void sqlThatBypassesTheHelperFindsNoTables() throws SQLException {
        try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement()) {
            try (ResultSet path = statement.executeQuery("SHOW search_path")) {
                path.next();
                assertEquals("\"\"", path.getString(1));
            }
            SQLException failure = assertThrows(SQLException.class,
                    () -> statement.executeQuery("SELECT count(*) FROM notes"));
            assertTrue(failure.getMessage().contains("does not exist"), failure.getMessage());
        }
        // Pod-wide work does not see territory tables either.
        assertThrows(RuntimeException.class, () -> database.inGlobal(db -> db.query("SELECT * FROM notes").count()));
    }

    @Test
    void aFailingUnitOfWorkLeavesNothingBehind() {
        String author = "rollback-" + UUID.randomUUID();
        assertThrows(IllegalStateException.class, () -> database.runInTerritory(FINLAND, db -> {
            db.insert("INSERT INTO notes (id, author, body, created_at) VALUES (?, ?, 'x', ?)",
                    UUID.randomUUID(), author, Database.timestamp(Instant.now()));
            throw new IllegalStateException("half-way failure");
        }));
        assertEquals(0, countNotes(FINLAND, author));
    }

    private static void insertNote(TerritoryCode territory, String author) {
        database.runInTerritory(territory, db -> db.insert(
                "INSERT INTO notes (id, author, body, created_at) VALUES (?, ?, 'hello', ?)",
                UUID.randomUUID(), author, Database.timestamp(Instant.now())));
    }

    private static long countNotes(TerritoryCode territory, String author) {
        return database.inTerritory(territory, db -> db.get("SELECT count(*) AS n FROM notes WHERE author = ?", author)
                .orElseThrow().column("n").get(Long.class));
    }

    private static List<String> appliedVersions(Connection connection, TerritoryCode territory, String service)
            throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM " + territory.schema()
                     + ".flyway_history_" + service + " WHERE success AND version <> '0' ORDER BY installed_rank")) {
            List<String> versions = new java.util.ArrayList<>();
            while (rows.next()) {
                versions.add(rows.getString(1));
            }
            return versions;
        }
    }

    private static boolean tableExists(Connection connection, String schema, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1 FROM information_schema.tables WHERE table_schema = '"
                     + schema + "' AND table_name = '" + table + "'")) {
            return rows.next();
        }
    }
}
