/** Tests of the whole pod in one process, against the real PostgreSQL. */
open module agora.pod {
    requires agora.platform.data;
    requires agora.platform.events;
    requires agora.platform.state;
    requires agora.platform.security;
    requires agora.platform.observe;
    requires agora.territory;
    requires agora.auth;
    requires java.net.http;
    requires agora.platform.testing;
    requires org.junit.jupiter.api;
}
