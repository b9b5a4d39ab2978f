/** Tests of the data layer, on the module path against the real PostgreSQL. */
open module agora.platform.data {
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

    requires agora.platform.testing;
    requires io.helidon.webserver.testing.junit5;
    requires io.helidon.webclient.http1;
    requires org.junit.jupiter.api;
    requires java.net.http;
    // No exports: an open module's descriptor may only name packages of the test output.
}
