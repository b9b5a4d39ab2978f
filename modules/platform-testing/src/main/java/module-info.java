/**
 * Test support shared by the modules' tests: each test run gets a private PostgreSQL database on
 * the real server, so runs never see each other's data. Used only in test scope.
 */
module agora.platform.testing {
    requires transitive java.sql;
    // LogCapture hands out the records it caught.
    requires transitive java.logging;
    requires org.postgresql.jdbc;
    // Body builds request bodies as Jackson trees.
    requires transitive com.fasterxml.jackson.databind;
    // Leftovers removes a run's streams and keys from the shared servers.
    requires io.nats.jnats;
    requires redis.clients.jedis;

    exports agora.platform.testing;
}
