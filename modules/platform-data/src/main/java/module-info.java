/**
 * Territory-scoped data: the process's one connection pool, the transaction helper that confines
 * each unit of work to one territory's schema, the Flyway runner for the global and per-service
 * migrations, the territory registry as every service reads it, request territory resolution, the
 * PostgreSQL store behind {@code Idempotency-Key}, and the embedded PostgreSQL of a laptop pod.
 *
 * <p>The JDBC driver, Hikari, Flyway and the archive readers stay behind this module: services
 * see {@link agora.platform.data.Database} and Helidon's {@code DbExecute}, nothing else.
 */
module agora.platform.data {
    requires transitive agora.platform.web;
    requires transitive io.helidon.dbclient;
    requires io.helidon.dbclient.jdbc;
    requires java.sql;
    requires io.helidon.metrics.api;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;
    requires flyway.core;
    // Only the embedded PostgreSQL (the laptop pod's) unpacks archives: `static`, so service images
    // leave them out (with them java.desktop, which commons-compress requires). `./agora run` starts
    // with --add-modules ALL-MODULE-PATH, which resolves them.
    requires static org.apache.commons.compress;
    requires static org.tukaani.xz;

    exports agora.platform.data;
    exports agora.platform.data.migrate;
    exports agora.platform.data.territory;
    exports agora.platform.data.idempotency;
    exports agora.platform.data.audit;
    // The embedded server is the pod's default only; services never start one.
    exports agora.platform.data.embedded to agora.pod;
}
