/** Tests of the embedded PostgreSQL, on the module path. */
open module agora.platform.embedded {
    requires agora.platform.data;
    requires io.helidon.config;
    requires java.sql;
    requires static org.apache.commons.compress;
    requires static org.tukaani.xz;

    requires agora.platform.testing;
    requires agora.platform.web;
    requires io.helidon.metrics.api;
    requires java.logging;
    requires java.net.http;
    requires org.junit.jupiter.api;
    // No exports: an open module's descriptor may only name packages of the test output.
}
