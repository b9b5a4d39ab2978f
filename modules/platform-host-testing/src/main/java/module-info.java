/**
 * The test kit every service's tests use: a {@link agora.platform.host.testing.TestHost} that runs
 * services through the host on the real PostgreSQL, NATS and Redis of the machine (private prefixes
 * per test host), an {@link agora.platform.host.testing.ApiClient} with JSON
 * {@link agora.platform.testing.Body bodies}, sign-in helpers through auth's own routes, a real
 * SMTP server, and polling instead of sleeping. Used in test scope only.
 */
module agora.platform.host.testing {
    requires transitive agora.platform.host;
    requires transitive agora.platform.testing;
    requires transitive com.fasterxml.jackson.databind;
    requires transitive java.net.http;
    // A test's own services' catalogs (TestHost.Builder.catalogs).
    requires agora.platform.contract;
    requires io.helidon.config;
    requires greenmail;
    requires jakarta.mail;
    // Only to remove what a test host left on the shared servers: its streams and its Redis keys.
    requires io.nats.jnats;
    requires redis.clients.jedis;
    // Only where JUnit's launcher is a module (the mutation run): KeptHostsListener hears which tests
    // a run starts.
    requires static org.junit.platform.launcher;

    exports agora.platform.host.testing;

    // Tests run services of other modules (the territory service beside theirs) by name.
    uses agora.platform.host.AgoraService;
    provides org.junit.platform.launcher.TestExecutionListener with agora.platform.host.testing.KeptHostsListener;
}
