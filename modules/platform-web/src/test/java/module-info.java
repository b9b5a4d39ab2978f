/** Tests of the web conventions run on the module path, as the code does in production. */
open module agora.platform.web {
    requires agora.platform.contract;
    // Json takes the core's Limits; handlers throw the core's ProblemException.
    requires transitive agora.platform.core;
    requires transitive io.helidon.webserver;
    requires io.helidon.config.yaml;
    requires org.yaml.snakeyaml;
    requires java.logging;
    // FileBudget reads the process's file-descriptor limit (com.sun.management).
    requires jdk.management;
    requires io.helidon.metrics.api;
    // A metrics implementation, so that the request timer records (RoutesAndMetricsTest).
    requires io.helidon.metrics.providers.micrometer;
    // Json.mapper() hands out Jackson's ObjectMapper.
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.fasterxml.jackson.datatype.jdk8;

    requires io.helidon.webserver.testing.junit5;
    // Await: waiting for a condition instead of sleeping.
    requires agora.platform.testing;
    requires org.junit.jupiter.api;
    requires java.net.http;
    // No exports: an open module's descriptor may only name packages of the test output.
}
