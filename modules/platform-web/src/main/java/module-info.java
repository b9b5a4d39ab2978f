/**
 * The web conventions every Agora service shares, written once: the server set-up with its
 * operator listener, problem+json errors in the client's language, request limits, strict JSON,
 * cursor pagination, {@code Idempotency-Key} replay and UUIDv7 ids.
 *
 * <p>Helidon's webserver and config types appear in the exported signatures, so they are required
 * transitively; Jackson is an implementation detail of {@link agora.platform.web.Json}.
 */
module agora.platform.web {
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
    // Json.mapper() hands out Jackson's ObjectMapper.
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.fasterxml.jackson.datatype.jdk8;

    exports agora.platform.web;
    exports agora.platform.web.paging;
    exports agora.platform.web.idempotency;

    // Jackson reads and writes the records of these packages (and the core's field errors).
    opens agora.platform.web to com.fasterxml.jackson.databind;
    opens agora.platform.web.paging to com.fasterxml.jackson.databind;
}
