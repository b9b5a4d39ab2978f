/**
 * A whole pod in one process: every service module mounted on one server, with the embedded
 * defaults (PostgreSQL) for what is not configured. Also the operator's command line.
 */
module agora.pod {
    requires agora.platform.data;
    requires agora.platform.events;
    requires agora.platform.state;
    requires agora.platform.security;
    requires agora.platform.observe;
    requires agora.territory;
    requires agora.auth;
    requires java.net.http;

    exports agora.pod;
}
