/**
 * Benchmark programs: they print numbers and are run by hand ({@code ./agora bench …}), never by the
 * tests.
 *
 * <p>Unlike a service, a benchmark reaches across the architecture on purpose: the login benchmark
 * starts a whole pod in its own process ({@code agora.pod} exports its entry type), times the
 * password hasher a login uses, and serves a bare route through the same database helper and
 * shared state to compare an authenticated read with. It talks to the pod only over HTTP, as a
 * client would: nothing of {@code agora.auth} is read directly.
 */
module agora.benchmarks {
    requires agora.platform.contract;
    requires agora.platform.core;
    requires agora.platform.events;
    requires agora.platform.testing;
    // The login benchmark: a whole pod in process (the host with the services on the module path),
    // the Argon2id hasher, and the bare route's database (agora.platform.data) and
    // authorization-view reads (agora.platform.state).
    requires agora.platform.host;
    requires agora.platform.password;
    requires agora.platform.data;
    requires agora.platform.state;
    requires io.helidon.webserver;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;
    requires java.logging;
    requires java.management;
    requires java.sql;
    requires agora.platform.web;

    exports agora.benchmarks;
    opens agora.benchmarks to com.fasterxml.jackson.databind;
}
