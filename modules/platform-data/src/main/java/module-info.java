/**
 * Territory-scoped data: the process's one connection pool, the transaction helper that confines
 * each unit of work to one territory's schema, the Flyway runner for the global and per-service
 * migrations, the territory registry as every service reads it, request territory resolution, and
 * the PostgreSQL store behind {@code Idempotency-Key}.
 *
 * <p>The JDBC driver, Hikari and Flyway stay behind this module: services see
 * {@link agora.platform.data.Database} and Helidon's {@code DbExecute}, nothing else.
 */
module agora.platform.data {
    requires agora.platform.contract;
    requires agora.platform.core;
    requires agora.platform.web;
    requires transitive io.helidon.dbclient;
    requires io.helidon.dbclient.jdbc;
    requires java.sql;
    requires io.helidon.metrics.api;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;
    requires flyway.core;
    requires com.fasterxml.jackson.databind;

    exports agora.platform.data;
    exports agora.platform.data.migrate;
    exports agora.platform.data.territory;
    exports agora.platform.data.idempotency;
    exports agora.platform.data.audit;
    exports agora.platform.data.timer;
}
